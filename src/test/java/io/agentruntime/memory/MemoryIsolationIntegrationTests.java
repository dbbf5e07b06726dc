package io.agentruntime.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.support.Api;
import io.agentruntime.support.FakeSupermemory;
import io.agentruntime.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tenant isolation that holds whatever the hosted API does with several tags (DESIGN §5,
 * contracts/supermemory.md §2.3): the fake combines tags as a union ("any"), the most
 * permissive reading, and the same e-mail is a lead at two dealerships, so both share one
 * lead tag.
 */
class MemoryIsolationIntegrationTests extends IntegrationTest {

	@Test
	void eachTenantRecallsPromptsAndAnswersOnlyWithItsOwnDocumentsUnderUnionTagSemantics() {
		MEMORY.tagMode(FakeSupermemory.TagMode.ANY);
		Tenant alpha = newTenant("Alpha Motors");
		Tenant beta = newTenant("Beta Cars");
		for (Tenant tenant : List.of(alpha, beta)) {
			lead(tenant.clientId(), "lead-1", "Same.Person@example.com");
		}
		Set<String> alphaIds = ingest(alpha, "Alpha secret: the silver hybrid wagon is reserved at 31900",
				"Alpha dealership: silver hybrid wagon stock arrives Friday");
		Set<String> betaIds = ingest(beta, "Beta secret: the silver hybrid wagon trade-in was valued at 8200",
				"Beta dealership: silver hybrid wagon demo car available");
		await().atMost(Duration.ofSeconds(10)).until(() -> delivered(alphaIds) && delivered(betaIds));
		Set<String> alphaDocs = documentIds(alphaIds);
		Set<String> betaDocs = documentIds(betaIds);

		for (Tenant tenant : List.of(alpha, beta)) {
			boolean isAlpha = tenant == alpha;
			LLM.reset();
			Api.Response response = this.api.post("/api/agent/reply", tenant.replyKey(),
					Map.of("message", "Tell me about the silver hybrid wagon", "leadId", "lead-1"));

			assertThat(response.status()).isEqualTo(200);
			List<String> recalled = new ArrayList<>();
			for (JsonNode doc : response.json().get("memoryContextDocs")) {
				recalled.add(doc.get("id").asText());
			}
			assertThat(recalled).isNotEmpty().isSubsetOf(isAlpha ? alphaDocs : betaDocs);
			assertThat(response.body()).doesNotContain(isAlpha ? "Beta" : "Alpha");
			String prompt = LLM.calls().get(0).user();
			assertThat(prompt).contains(isAlpha ? "Alpha secret" : "Beta secret")
				.doesNotContain(isAlpha ? "Beta" : "Alpha");
		}
	}

	private Set<String> ingest(Tenant tenant, String leadNote, String dealershipNote) {
		Set<String> ids = new HashSet<>();
		ids.add(this.api.post("/api/agent/memory", tenant.replyKey(), Map.of("content", leadNote, "leadId", "lead-1"))
			.json()
			.get("id")
			.asText());
		ids.add(this.api.post("/api/agent/memory", tenant.replyKey(), Map.of("content", dealershipNote))
			.json()
			.get("id")
			.asText());
		return ids;
	}

	private static boolean delivered(Set<String> ingestIds) {
		return documentIds(ingestIds).size() == ingestIds.size();
	}

	private static Set<String> documentIds(Set<String> ingestIds) {
		Set<String> documentIds = new HashSet<>();
		MEMORY.documents().forEach((id, document) -> {
			if (document.customId() != null && ingestIds.contains(document.customId().substring(3))) {
				documentIds.add(id);
			}
		});
		return documentIds;
	}

}
