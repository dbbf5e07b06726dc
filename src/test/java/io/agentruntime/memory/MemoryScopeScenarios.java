package io.agentruntime.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.support.Api;
import io.agentruntime.support.FakeLlm;
import io.agentruntime.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory scopes that cannot mix (DESIGN §5, issue 14), end to end through the reply and
 * ingest endpoints: one visitor's or lead's words are never recalled for another, in the
 * prompt the LLM receives or in {@code memoryContextDocs}, while what staff ingest for
 * the dealership is recalled for everyone of the tenant. Run against each store by a
 * subclass: the Supermemory fake matching tags as a union (the most permissive reading)
 * and the built-in store. Every negative has a positive twin (the owner recalls the same
 * words with the same question), so a recall that finds nothing at all cannot pass.
 */
abstract class MemoryScopeScenarios extends IntegrationTest {

	private static final String ASK_PHONE = "what is my phone number?";

	/** A tenant for one scenario; a subclass may arrange how its writes are delivered. */
	protected Tenant scenarioTenant(String name) {
		return newTenant(name);
	}

	/** Returns once every write the tenant has queued is in the store under test. */
	protected abstract void deliver(Tenant tenant);

	/** The contents of every document the store under test holds for the tenant. */
	protected abstract List<String> storedContents(Tenant tenant);

	@Test
	void anAnonymousVisitorsWordsAreNeverRecalledForAnotherVisitor() {
		Tenant tenant = scenarioTenant("Visitors Motors");
		String visitorA = "visit-a-" + UUID.randomUUID();
		assertThat(reply(tenant, Map.of("message", "my phone number is 555-0199", "conversationId", visitorA)).status())
			.isEqualTo(200);
		deliver(tenant);

		assertNotRecalled(tenant, Map.of("message", ASK_PHONE, "conversationId", "visit-b-" + UUID.randomUUID()),
				"555-0199");
		assertNotRecalled(tenant, Map.of("message", ASK_PHONE), "555-0199");
		assertThat(snippets(reply(tenant, Map.of("message", ASK_PHONE, "conversationId", visitorA))))
			.anyMatch(snippet -> snippet.contains("555-0199"));
	}

	@Test
	void oneLeadsMemoryNeverReachesAnotherLeadsPromptOrAnswer() {
		Tenant tenant = scenarioTenant("Two Leads Motors");
		lead(tenant.clientId(), "lead-x", "lead.x." + UUID.randomUUID() + "@example.com");
		lead(tenant.clientId(), "lead-y", "lead.y." + UUID.randomUUID() + "@example.com");
		reply(tenant, Map.of("message", "my phone number is 555-0142", "leadId", "lead-x"));
		deliver(tenant);

		assertNotRecalled(tenant, Map.of("message", ASK_PHONE, "leadId", "lead-y"), "555-0142");
		assertNotRecalled(tenant, Map.of("message", ASK_PHONE, "conversationId", "visit-" + UUID.randomUUID()),
				"555-0142");
		assertNotRecalled(tenant, Map.of("message", ASK_PHONE), "555-0142");
		assertThat(snippets(reply(tenant, Map.of("message", ASK_PHONE, "leadId", "lead-x"))))
			.anyMatch(snippet -> snippet.contains("555-0142"));
	}

	@Test
	void aLeadWithoutEmailIsIsolatedFromAnotherLeadWithoutEmail() {
		Tenant tenant = scenarioTenant("No E-mail Motors");
		lead(tenant.clientId(), "lead-p", null);
		lead(tenant.clientId(), "lead-q", null);
		reply(tenant, Map.of("message", "my phone number is 555-0123", "leadId", "lead-p"));
		deliver(tenant);

		assertNotRecalled(tenant, Map.of("message", ASK_PHONE, "leadId", "lead-q"), "555-0123");
		assertNotRecalled(tenant, Map.of("message", ASK_PHONE), "555-0123");
		assertThat(snippets(reply(tenant, Map.of("message", ASK_PHONE, "leadId", "lead-p"))))
			.anyMatch(snippet -> snippet.contains("555-0123"));
	}

	@Test
	void staffIngestedDealershipMemoryIsRecalledForEveryoneOfTheTenantAndLeadNotesOnlyForTheLead() {
		Tenant tenant = scenarioTenant("Staff Notes Motors");
		lead(tenant.clientId(), "lead-x", null);
		lead(tenant.clientId(), "lead-y", "lead.y." + UUID.randomUUID() + "@example.com");
		assertThat(this.api.post(Api.MEMORY_PATH, tenant.replyKey(),
				Map.of("content", "Staff note: the showroom opens Saturdays at nine", "metadata",
						Map.of("scope", "lead", "leadKey", "forged")))
			.status()).isEqualTo(202);
		assertThat(this.api.post(Api.MEMORY_PATH, tenant.replyKey(), Map.of("content",
				"Staff note for this lead only: showroom opens Saturdays early, wagon reserved", "leadId", "lead-x"))
			.status()).isEqualTo(202);
		deliver(tenant);
		String question = "showroom opens Saturdays";

		for (Map<String, Object> asker : List.<Map<String, Object>>of(Map.of(), Map.of("leadId", "lead-y"),
				Map.of("conversationId", "visit-" + UUID.randomUUID()))) {
			Map<String, Object> body = new HashMap<>(asker);
			body.put("message", question);
			List<String> recalled = snippets(reply(tenant, body));
			assertThat(recalled).as("recalled for %s", asker)
				.containsExactly("Staff note: the showroom opens Saturdays at nine");
		}
		assertThat(snippets(reply(tenant, Map.of("message", question, "leadId", "lead-x")))).containsExactlyInAnyOrder(
				"Staff note: the showroom opens Saturdays at nine",
				"Staff note for this lead only: showroom opens Saturdays early, wagon reserved");
	}

	/**
	 * Two leads with an e-mail, two without, two visitors in conversations of their own
	 * and one without: each tells a locker code of its own, then each asks for it. Every
	 * party recalls its own code and no other, in the answer and in what the LLM
	 * receives.
	 */
	@Test
	void noLeadOrVisitorOfATenantRecallsAnothersMemory() {
		Tenant tenant = scenarioTenant("Many Parties Motors");
		lead(tenant.clientId(), "lead-a", "lead.a." + UUID.randomUUID() + "@example.com");
		lead(tenant.clientId(), "lead-b", "lead.b." + UUID.randomUUID() + "@example.com");
		lead(tenant.clientId(), "lead-c", null);
		lead(tenant.clientId(), "lead-d", null);
		Map<String, Map<String, Object>> parties = new java.util.LinkedHashMap<>();
		parties.put("lead-a", Map.of("leadId", "lead-a"));
		parties.put("lead-b", Map.of("leadId", "lead-b"));
		parties.put("lead-c", Map.of("leadId", "lead-c"));
		parties.put("lead-d", Map.of("leadId", "lead-d"));
		parties.put("visitor-1", Map.of("conversationId", "visit-1-" + UUID.randomUUID()));
		parties.put("visitor-2", Map.of("conversationId", "visit-2-" + UUID.randomUUID()));
		parties.put("no-conversation", Map.of());
		Map<String, String> codes = new java.util.LinkedHashMap<>();
		int n = 0;
		for (Map.Entry<String, Map<String, Object>> party : parties.entrySet()) {
			String code = "7100" + n++;
			codes.put(party.getKey(), code);
			Map<String, Object> body = new HashMap<>(party.getValue());
			body.put("message", "my locker code is " + code);
			reply(tenant, body);
		}
		deliver(tenant);

		for (Map.Entry<String, Map<String, Object>> party : parties.entrySet()) {
			LLM.reset();
			Map<String, Object> body = new HashMap<>(party.getValue());
			body.put("message", "what is my locker code?");
			Api.Response response = reply(tenant, body);

			List<String> recalled = codes.values()
				.stream()
				.filter(code -> snippets(response).stream().anyMatch(snippet -> snippet.contains(code)))
				.toList();
			// Without a lead or a conversation nothing was written, so nothing is
			// recalled.
			assertThat(recalled).as("codes recalled for %s", party.getKey())
				.isEqualTo(party.getKey().equals("no-conversation") ? List.of() : List.of(codes.get(party.getKey())));
			String sent = LLM.calls().get(0).body().toString();
			codes.forEach((owner, code) -> {
				if (!owner.equals(party.getKey())) {
					assertThat(sent).as("%s's code sent to the LLM for %s", owner, party.getKey()).doesNotContain(code);
					assertThat(response.body()).doesNotContain(code);
				}
			});
		}
	}

	@Test
	void erasureFindsTheDocumentsOfALeadWrittenBeforeAndAfterItHadAnEmail() {
		Tenant tenant = scenarioTenant("Erasure Scopes Motors");
		lead(tenant.clientId(), "lead-e", null);
		lead(tenant.clientId(), "lead-f", null);
		reply(tenant, Map.of("message", "my locker code is 88001", "leadId", "lead-e"));
		reply(tenant, Map.of("message", "my locker code is 88002", "leadId", "lead-f"));
		deliver(tenant);
		assertThat(this.api
			.put("/api/agent/leads/lead-e", tenant.replyKey(),
					Map.of("email", "lead.e." + UUID.randomUUID() + "@example.com"))
			.status()).isIn(200, 201);
		reply(tenant, Map.of("message", "my parking spot is 88003", "leadId", "lead-e"));
		deliver(tenant);
		assertThat(storedContents(tenant)).hasSize(3);

		assertThat(this.api.delete("/api/agent/leads/lead-e", tenant.replyKey()).status()).isEqualTo(204);

		assertThat(storedContents(tenant)).singleElement().asString().contains("88002");
	}

	private Api.Response reply(Tenant tenant, Map<String, Object> body) {
		Api.Response response = this.api.post(Api.REPLY_PATH, tenant.replyKey(), body);
		assertThat(response.status()).as("reply %s", response.body()).isEqualTo(200);
		return response;
	}

	/** Asks, and checks that the words reach neither the LLM nor the answer. */
	private void assertNotRecalled(Tenant tenant, Map<String, Object> body, String words) {
		LLM.reset();
		Api.Response response = reply(tenant, body);

		assertThat(snippets(response)).as("memoryContextDocs for %s", body.keySet())
			.noneMatch(snippet -> snippet.contains(words));
		assertThat(response.body()).doesNotContain(words);
		assertThat(LLM.calls()).hasSize(1);
		for (FakeLlm.Call call : LLM.calls()) {
			assertThat(call.body().toString()).as("what the LLM received for %s", body.keySet()).doesNotContain(words);
		}
	}

	private static List<String> snippets(Api.Response response) {
		List<String> snippets = new ArrayList<>();
		for (JsonNode doc : response.json().get("memoryContextDocs")) {
			snippets.add(doc.get("snippet").asText());
		}
		return snippets;
	}

}
