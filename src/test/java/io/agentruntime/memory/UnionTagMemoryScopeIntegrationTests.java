package io.agentruntime.memory;

import java.time.Duration;
import java.util.List;

import io.agentruntime.support.FakeSupermemory;
import org.junit.jupiter.api.BeforeEach;

import static org.awaitility.Awaitility.await;

/**
 * {@link MemoryScopeScenarios} against the Supermemory fake combining tags as a union
 * ("any", contracts/supermemory.md §2.3): a search for {@code [client, lead:Y]} also
 * returns every document tagged {@code client:<tenant>}, so only the metadata check of
 * recall keeps scopes apart. Writes travel the real outbox worker.
 */
class UnionTagMemoryScopeIntegrationTests extends MemoryScopeScenarios {

	@BeforeEach
	void matchTagsAsAUnion() {
		MEMORY.tagMode(FakeSupermemory.TagMode.ANY);
	}

	@Override
	protected void deliver(Tenant tenant) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.sql("select count(*) from memory_outbox where client_id = ?")
				.param(tenant.clientId())
				.query(Long.class)
				.single() == 0);
	}

	@Override
	protected List<String> storedContents(Tenant tenant) {
		return MEMORY.documents()
			.values()
			.stream()
			.filter(document -> tenant.clientId().toString().equals(document.metadata().get("clientId")))
			.map(FakeSupermemory.Document::content)
			.toList();
	}

}
