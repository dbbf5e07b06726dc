package io.agentruntime.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.support.Api;
import io.agentruntime.support.FakeSupermemory;
import io.agentruntime.support.Ledger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application with the built-in store ({@code agent.memory.provider=postgres}):
 * isolation and erasure end to end. This is the one extra Spring context of the suite.
 * Its own outbox worker is off, because the shared context's worker runs on the same
 * database and would compete for rows; documents are therefore written through the store
 * exactly as that worker writes them. The scenarios of {@link MemoryScopeScenarios} run
 * here too, their queued writes taken from the outbox and written the same way.
 */
class BuiltInMemoryIntegrationTests extends MemoryScopeScenarios {

	@DynamicPropertySource
	static void withoutOutboxWorker(DynamicPropertyRegistry registry) {
		registry.add("agent.memory.outbox.enabled", () -> "false");
	}

	/**
	 * The store MemoryConfiguration builds for {@code provider=postgres}. The shared base
	 * class pins the provider to supermemory through a dynamic property, which a subclass
	 * cannot override, so the built-in store is put in front here instead.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class BuiltInStore {

		@Bean
		@Primary
		MemoryClient builtInMemoryStore(JdbcClient jdbc, ObjectMapper mapper) {
			return new PostgresMemoryStore(jdbc, mapper);
		}

	}

	@Autowired
	MemoryClient memory;

	@BeforeEach
	void usesTheBuiltInStore() {
		assertThat(this.memory).isInstanceOf(PostgresMemoryStore.class);
	}

	@Test
	void eachTenantRecallsPromptsAndAnswersOnlyWithItsOwnDocuments() {
		Tenant alpha = newTenant("Alpha Built-in");
		Tenant beta = newTenant("Beta Built-in");
		String leadKey = MemoryTags.leadKey("same.person@example.com", null);
		for (Tenant tenant : List.of(alpha, beta)) {
			lead(tenant.clientId(), "lead-1", "same.person@example.com");
		}
		write(alpha.clientId(), leadKey, "Alpha secret: the silver hybrid wagon is reserved at 31900");
		write(alpha.clientId(), null, "Alpha dealership: silver hybrid wagon stock arrives Friday");
		write(beta.clientId(), leadKey, "Beta secret: the silver hybrid wagon trade-in was valued at 8200");
		write(beta.clientId(), null, "Beta dealership: silver hybrid wagon demo car available");

		for (Tenant tenant : List.of(alpha, beta)) {
			boolean isAlpha = tenant == alpha;
			LLM.reset();
			Api.Response response = this.api.post("/api/agent/reply", tenant.replyKey(),
					Map.of("message", "Tell me about the silver hybrid wagon", "leadId", "lead-1"));

			assertThat(response.status()).isEqualTo(200);
			List<String> snippets = new ArrayList<>();
			for (JsonNode doc : response.json().get("memoryContextDocs")) {
				snippets.add(doc.get("snippet").asText());
			}
			assertThat(snippets).hasSize(2).allMatch(s -> s.startsWith(isAlpha ? "Alpha" : "Beta"));
			assertThat(response.body()).doesNotContain(isAlpha ? "Beta" : "Alpha");
			assertThat(LLM.calls().get(0).user()).contains(isAlpha ? "Alpha secret" : "Beta secret")
				.doesNotContain(isAlpha ? "Beta" : "Alpha");
		}
	}

	@Test
	void erasesOnlyThisTenantsDocumentsOfTheLead() {
		Tenant alpha = newTenant("Alpha Erasure Built-in");
		Tenant beta = newTenant("Beta Erasure Built-in");
		String leadKey = MemoryTags.leadKey("erase.me@example.com", null);
		for (Tenant tenant : List.of(alpha, beta)) {
			this.api.put("/api/agent/leads/lead-x", tenant.replyKey(), Map.of("email", "erase.me@example.com"));
		}
		write(alpha.clientId(), leadKey, "Alpha lead note about the convertible");
		write(alpha.clientId(), null, "Alpha dealership note about the convertible");
		write(beta.clientId(), leadKey, "Beta lead note about the convertible");

		assertThat(this.api.delete("/api/agent/leads/lead-x", alpha.replyKey()).status()).isEqualTo(204);

		assertThat(contents(MemoryTags.leadScope(alpha.clientId(), leadKey))).isEmpty();
		assertThat(contents(MemoryTags.dealershipScope(alpha.clientId())))
			.containsExactly("Alpha dealership note about the convertible");
		assertThat(contents(MemoryTags.leadScope(beta.clientId(), leadKey)))
			.containsExactly("Beta lead note about the convertible");
		assertThat(this.api.get("/api/agent/leads/lead-x", beta.replyKey()).status()).isEqualTo(200);
	}

	/**
	 * The shared context's worker (same database) would deliver this tenant's rows to the
	 * Supermemory fake: its adds fail for this tenant, so the rows stay for
	 * {@link #deliver}.
	 */
	@Override
	protected Tenant scenarioTenant(String name) {
		Tenant tenant = newTenant(name);
		MEMORY.writeOutage(tenant.clientId(), () -> FakeSupermemory.error(503, "Service Unavailable"));
		Ledger.offLedger(tenant.clientId(), "its outbox rows are written into the built-in store by the test");
		return tenant;
	}

	/** Takes the tenant's queued rows and writes them as MemoryOutboxWorker does. */
	@Override
	protected void deliver(Tenant tenant) {
		List<MemoryWrite> writes = this.jdbc.sql("""
				delete from memory_outbox where client_id = ? and status in ('pending', 'dead')
				returning custom_id, content, tags::text as tags, metadata::text as metadata
				""").param(tenant.clientId()).query((rs, row) -> {
			try {
				return new MemoryWrite(rs.getString("custom_id"), rs.getString("content"),
						List.of(JSON.readValue(rs.getString("tags"), String[].class)),
						JSON.readValue(rs.getString("metadata"), Map.class));
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
		}).list();
		assertThat(writes).isNotEmpty();
		writes.forEach(this.memory::write);
	}

	@Override
	protected List<String> storedContents(Tenant tenant) {
		return this.jdbc.sql("select content from memory_documents where client_id = ?")
			.param(tenant.clientId().toString())
			.query(String.class)
			.list();
	}

	private void write(UUID clientId, String leadKey, String content) {
		MemoryScope scope = (leadKey != null) ? MemoryScope.lead(clientId, leadKey) : MemoryScope.dealership(clientId);
		if (leadKey == null) {
			dealershipMemory(clientId);
		}
		Map<String, Object> metadata = new java.util.HashMap<>();
		scope.stamp(metadata);
		this.memory.write(new MemoryWrite("in_" + UUID.randomUUID(), content, scope.tags(), metadata));
	}

	private List<String> contents(List<String> tags) {
		return this.memory
			.search(new MemorySearch("convertible note", tags, UUID.fromString(tags.get(0).substring(7)), 10, 0,
					Duration.ofSeconds(2)))
			.stream()
			.map(MemoryHit::snippet)
			.toList();
	}

}
