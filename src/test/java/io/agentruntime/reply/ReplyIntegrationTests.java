package io.agentruntime.reply;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.memory.MemoryTags;
import io.agentruntime.prompt.PromptBuilder;
import io.agentruntime.support.Api;
import io.agentruntime.support.FakeLlm;
import io.agentruntime.support.FakeSupermemory;
import io.agentruntime.support.IntegrationTest;
import io.agentruntime.tenant.TenantChanges;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /api/agent/reply} end to end on real PostgreSQL, real security and upstream
 * fakes.
 */
class ReplyIntegrationTests extends IntegrationTest {

	@Autowired
	private TenantChanges changes;

	@Test
	void answersInTheVoiceOfTheActiveConfigWithMemoryAndAuditRow() throws Exception {
		Tenant tenant = newTenant("Riverside Ford");
		UUID configId = config(tenant.clientId(), true,
				Map.of("name", "Riley", "personality", "warm and upbeat truck expert", "tonality", "friendly",
						"responseStyle", "short answers", "dos", List.of("Mention our Saturday hours"), "donts",
						List.of("Discuss competitor dealerships")));
		lead(tenant.clientId(), "lead-123", "Jane.Doe@Example.com ");
		String leadKey = MemoryTags.leadKey("jane.doe@example.com", null);
		String docId = MEMORY.seed("Jane asked about the red F-150 still available last week",
				MemoryTags.leadScope(tenant.clientId(), leadKey),
				Map.of("clientId", tenant.clientId().toString(), "scope", "lead", "leadKey", leadKey));
		LLM.enqueue(FakeLlm.reply("Yes, the red F-150 is here. Would you like a test drive?", "Book a test drive",
				"See financing options", "Talk to sales", "Trade-in value", "One too many"));

		Api.Response response = this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message",
				"Is the red F-150 still available?", "leadId", "lead-123", "conversationId", "conv-1"));

		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("reply").asText()).isEqualTo(
				"You're chatting with an AI assistant. " + "Yes, the red F-150 is here. Would you like a test drive?");
		assertThat(body.get("quickReplies")).hasSize(4);
		assertThat(body.get("usedConfigId").asText()).isEqualTo(configId.toString());
		assertThat(body.get("model").asText()).isEqualTo("openai/gpt-4o-mini");
		assertThat(body.get("degraded").asBoolean()).isFalse();
		assertThat(body.get("degradedReasons")).isEmpty();
		assertThat(body.get("memoryContextDocs")).hasSize(1);
		assertThat(body.get("memoryContextDocs").get(0).get("id").asText()).isEqualTo(docId);
		assertThat(body.get("memoryContextDocs").get(0).get("snippet").asText()).contains("red F-150");
		assertThat(response.header("X-Request-Id")).isNotBlank();

		FakeLlm.Call call = LLM.calls().get(0);
		assertThat(call.system()).contains("warm and upbeat truck expert", "Tonality: friendly",
				"Response style: short answers", "- Mention our Saturday hours", "- Discuss competitor dealerships",
				"automotive dealership", "Never claim to be human");
		JsonNode data = dataBlock(call.user());
		assertThat(data.get("leadMessage").asText()).isEqualTo("Is the red F-150 still available?");
		assertThat(data.get("memory").get(0).asText()).contains("red F-150");
		assertThat(call.body().get("response_format").get("type").asText()).isEqualTo("json_schema");

		UUID exchangeId = UUID.fromString(body.get("exchangeId").asText());
		Map<String, Object> row = this.jdbc.sql("select * from agent_exchange where id = ?")
			.param(exchangeId)
			.query()
			.singleRow();
		assertThat(row.get("client_id")).isEqualTo(tenant.clientId());
		assertThat(row.get("config_id")).isEqualTo(configId);
		assertThat(row.get("lead_id")).isEqualTo("lead-123");
		assertThat(row.get("conversation_id")).isEqualTo("conv-1");
		assertThat(row.get("request_id")).isEqualTo(response.header("X-Request-Id"));
		assertThat(row.get("message")).isEqualTo("Is the red F-150 still available?");
		assertThat(row.get("reply")).isEqualTo(body.get("reply").asText());
		assertThat(JSON.readTree(row.get("quick_replies").toString())).isEqualTo(body.get("quickReplies"));
		assertThat(row.get("model")).isEqualTo("openai/gpt-4o-mini");
		assertThat(row.get("prompt_tokens")).isEqualTo(120);
		assertThat(row.get("completion_tokens")).isEqualTo(30);
		assertThat(row.get("memory_docs")).isEqualTo(1);
		assertThat(row.get("llm_attempts")).isEqualTo(1);
	}

	@Test
	void usesConservativeDefaultsWithoutActiveConfig() {
		Tenant tenant = newTenant("No Config Motors");
		config(tenant.clientId(), false, Map.of("personality", "inactive persona that must not be used"));

		Api.Response response = this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Hello there"));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("usedConfigId").isNull()).isTrue();
		assertThat(response.json().get("reply").asText()).isNotBlank();
		String system = LLM.calls().get(0).system();
		assertThat(system).contains("Personality: professional", "Tonality: professional", "Response style: helpful",
				"automotive dealership");
		assertThat(system).doesNotContain("inactive persona");
	}

	@Test
	void putsEarlierExchangesOfTheConversationBeforeTheMessage() {
		Tenant tenant = newTenant("History Motors");
		for (String message : List.of("first question", "second question")) {
			assertThat(this.api
				.post("/api/agent/reply", tenant.replyKey(), Map.of("message", message, "conversationId", "conv-h"))
				.status()).isEqualTo(200);
		}
		Tenant other = newTenant("Other Motors");
		this.api.post("/api/agent/reply", other.replyKey(),
				Map.of("message", "foreign question", "conversationId", "conv-h"));
		LLM.reset();

		this.api.post("/api/agent/reply", tenant.replyKey(),
				Map.of("message", "third question", "conversationId", "conv-h"));

		FakeLlm.Call call = LLM.calls().get(0);
		List<String> users = call.contents("user");
		assertThat(users).hasSize(3);
		assertThat(users.get(0)).contains("first question");
		assertThat(users.get(1)).contains("second question");
		assertThat(users.get(2)).contains("third question");
		assertThat(call.contents("assistant")).hasSize(2);
		assertThat(String.join("\n", users)).doesNotContain("foreign question");
	}

	@Test
	void usesARequestedModelFromTheAllowedList() {
		Tenant tenant = newTenant("Model Motors");

		Api.Response response = this.api.post("/api/agent/reply", tenant.replyKey(),
				Map.of("message", "Hi", "model", "anthropic/claude-haiku-4.5"));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("model").asText()).isEqualTo("anthropic/claude-haiku-4.5");
		assertThat(LLM.calls().get(0).body().get("model").asText()).isEqualTo("anthropic/claude-haiku-4.5");
	}

	@Nested
	class WhenMemoryFails {

		@Test
		void answersWithoutRecallWhenMemoryErrors() {
			Tenant tenant = newTenant("Memory Down Motors");
			dealershipMemory(tenant.clientId());
			MEMORY.failFor(tenant.clientId(), FakeSupermemory.error(500, "Internal server error"),
					FakeSupermemory.error(500, "Internal server error"));

			Api.Response response = api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Any SUVs?"));

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().get("degraded").asBoolean()).isTrue();
			assertThat(response.json().get("degradedReasons").get(0).asText()).isEqualTo("memory_unavailable");
			assertThat(response.json().get("model").asText()).isEqualTo("openai/gpt-4o-mini");
		}

		@Test
		void answersWithinTheDeadlineWhenMemoryHangs() {
			answersWithinTheDeadlineDespite("Memory Slow Motors", () -> FakeSupermemory.slow(5000));
		}

		@Test
		void answersWithinTheDeadlineWhenMemoryStallsAfterItsHeaders() {
			answersWithinTheDeadlineDespite("Memory Stalled Motors", () -> FakeSupermemory.stalledBody(5000));
		}

		@Test
		void answersWithinTheDeadlineWhenTheOneSearchOfATenantWithoutDealershipMemoryHangs() {
			Tenant tenant = newTenant("Memory One Search Motors");
			// Scoped to this tenant: an unscoped fault may go to an earlier test's
			// background memory request instead of this reply's search (seen once in CI).
			MEMORY.failFor(tenant.clientId(), FakeSupermemory.slow(5000));

			long started = System.nanoTime();
			Api.Response response = api.post("/api/agent/reply", tenant.replyKey(),
					Map.of("message", "Any SUVs?", "conversationId", "c-one-search"));
			Duration took = Duration.ofNanos(System.nanoTime() - started);

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().get("degradedReasons").get(0).asText()).isEqualTo("memory_unavailable");
			assertThat(took).isLessThan(Duration.ofSeconds(3));
			assertThat(MEMORY.calls("POST", "/v3/search")).hasSize(1);
		}

		private void answersWithinTheDeadlineDespite(String dealership, Supplier<MockResponse> fault) {
			Tenant tenant = newTenant(dealership);
			dealershipMemory(tenant.clientId());
			MEMORY.failFor(tenant.clientId(), fault.get(), fault.get());

			long started = System.nanoTime();
			Api.Response response = api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Any SUVs?"));
			Duration took = Duration.ofNanos(System.nanoTime() - started);

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().get("degradedReasons").get(0).asText()).isEqualTo("memory_unavailable");
			assertThat(took).isLessThan(Duration.ofSeconds(3));
		}

	}

	@Nested
	class WhenTheLlmOutputIsInvalid {

		@Test
		void sendsTheFallbackReplyForProse() {
			Tenant tenant = newTenant("Prose Motors");
			config(tenant.clientId(), true, Map.of("fallbackReply", "Our team will call you back today."));
			LLM.enqueue(FakeLlm.completionText("openai/gpt-4o-mini", "Sure! The truck is available.", "stop"),
					FakeLlm.completionText("openai/gpt-4o-mini", "Of course, happy to help.", "stop"));

			Api.Response response = api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Is it there?"));

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().get("reply").asText()).endsWith("Our team will call you back today.");
			assertThat(response.json().get("degradedReasons").get(0).asText()).isEqualTo("llm_invalid_output");
			assertThat(response.json().get("model").isNull()).isTrue();
			assertThat(response.json().get("quickReplies")).isEmpty();
			assertThat(LLM.calls()).hasSize(2);
			assertThat(LLM.calls().get(1).user()).contains("Your previous answer was invalid");
		}

		@Test
		void sendsTheDefaultFallbackForBrokenJson() {
			Tenant tenant = newTenant("Broken Json Motors");
			LLM.enqueue(FakeLlm.completionText("openai/gpt-4o-mini", "{\"reply\": \"Yes it is", "stop"),
					FakeLlm.completionText("openai/gpt-4o-mini", "{\"reply\": ", "stop"));

			Api.Response response = api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Is it there?"));

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().get("reply").asText())
				.endsWith("Thanks for reaching out! A member of our team will follow up with you shortly.");
			assertThat(response.json().get("degradedReasons").get(0).asText()).isEqualTo("llm_invalid_output");
		}

		@Test
		void acceptsARepairedAnswer() {
			Tenant tenant = newTenant("Repair Motors");
			LLM.enqueue(FakeLlm.completionText("openai/gpt-4o-mini", "Here you go!", "stop"),
					FakeLlm.reply("Repaired answer."));

			Api.Response response = api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Hi"));

			assertThat(response.json().get("reply").asText()).endsWith("Repaired answer.");
			assertThat(response.json().get("degraded").asBoolean()).isFalse();
		}

		@Test
		void sendsTheFallbackWhenTheLlmIsUnavailable() {
			Tenant tenant = newTenant("Llm Down Motors");
			LLM.enqueue(FakeLlm.json(401, "{\"error\":{\"code\":401,\"message\":\"No auth credentials found\"}}"));

			Api.Response response = api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Hi"));

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().get("degradedReasons").get(0).asText()).isEqualTo("llm_unavailable");
			assertThat(response.json().get("model").isNull()).isTrue();
		}

	}

	@Nested
	class MemoryIsolation {

		@Test
		void searchesExactlyTheWriteTimeTagSetsWithTheClientFilter() {
			Tenant tenant = newTenant("Tag Motors");
			dealershipMemory(tenant.clientId());
			lead(tenant.clientId(), "lead-t", "tag@example.com");
			String leadKey = MemoryTags.leadKey("tag@example.com", null);

			api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Need a minivan", "leadId", "lead-t"));

			List<FakeSupermemory.Call> searches = MEMORY.calls("POST", "/v3/search");
			assertThat(searchedTagSets(0)).containsExactlyInAnyOrder(List.of("client:" + tenant.clientId()),
					List.of("client:" + tenant.clientId(), "lead:" + leadKey));
			Map<String, String> clientFilter = Map.of("key", "clientId", "value", tenant.clientId().toString());
			for (FakeSupermemory.Call search : searches) {
				// The tenant, and the scope with its key (DESIGN §5).
				boolean leadScope = search.body().get("containerTags").size() == 2;
				assertThat(search.body().get("filters")).isEqualTo(JSON.valueToTree(Map.of("AND",
						leadScope
								? List.of(clientFilter, Map.of("key", "leadKey", "value", leadKey),
										Map.of("key", "scope", "value", "lead"))
								: List.of(clientFilter, Map.of("key", "scope", "value", "dealership")))));
				assertThat(search.body().get("chunkThreshold").asDouble()).isEqualTo(0.6);
				assertThat(search.body().get("q").asText()).isEqualTo("Need a minivan");
				assertThat(search.authorization()).isEqualTo("Bearer " + FakeSupermemory.API_KEY);
			}
		}

		@Test
		void searchesTheDealershipScopeOnlyOnceStaffHaveGivenItADocument() {
			Tenant tenant = newTenant("Scope Motors");
			lead(tenant.clientId(), "lead-s", "scope@example.com");
			String leadScope = "lead:" + MemoryTags.leadKey("scope@example.com", null);

			api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Open on Saturday?", "leadId", "lead-s"));

			assertThat(searchedTagSets(0)).containsExactly(List.of("client:" + tenant.clientId(), leadScope));

			Api.Response ingested = api.post(Api.MEMORY_PATH, tenant.replyKey(),
					Map.of("content", "Saturday hours: nine to five"));
			assertThat(ingested.status()).isEqualTo(202);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> MEMORY.documents()
					.values()
					.stream()
					.anyMatch(d -> d.content().equals("Saturday hours: nine to five")));
			assertThat(changes.poll()).isTrue();
			int searched = MEMORY.calls("POST", "/v3/search").size();

			Api.Response response = api.post("/api/agent/reply", tenant.replyKey(),
					Map.of("message", "Saturday hours?", "leadId", "lead-s"));

			assertThat(searchedTagSets(searched)).containsExactlyInAnyOrder(List.of("client:" + tenant.clientId()),
					List.of("client:" + tenant.clientId(), leadScope));
			assertThat(response.status()).isEqualTo(200);
			assertThat(LLM.calls().get(LLM.calls().size() - 1).user()).contains("Saturday hours: nine to five");
		}

		@Test
		void searchesNothingWithoutALeadOrConversationForATenantWithoutDealershipMemory() {
			Tenant tenant = newTenant("Quiet Scope Motors");

			Api.Response response = api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Hi"));

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().get("degradedReasons")).isEmpty();
			assertThat(MEMORY.calls("POST", "/v3/search")).isEmpty();
		}

		@SuppressWarnings("unchecked")
		private List<List<String>> searchedTagSets(int from) {
			List<FakeSupermemory.Call> searches = MEMORY.calls("POST", "/v3/search");
			return searches.subList(from, searches.size())
				.stream()
				.map(c -> (List<String>) JSON.convertValue(c.body().get("containerTags"), List.class))
				.toList();
		}

		@Test
		void dropsHitsOfAnotherClientEvenWhenTheStoreReturnsThem() {
			Tenant tenant = newTenant("Isolated Motors");
			dealershipMemory(tenant.clientId());
			UUID otherClient = UUID.randomUUID();
			MEMORY.tagMode(FakeSupermemory.TagMode.ANY);
			MEMORY.seed("secret minivan deal of another dealership", List.of("client:" + tenant.clientId()),
					Map.of("clientId", otherClient.toString(), "scope", "dealership"));
			MEMORY.seed("minivan note without client metadata", List.of("client:" + tenant.clientId()), Map.of());
			String own = MEMORY.seed("our minivan stock list", List.of("client:" + tenant.clientId()),
					Map.of("clientId", tenant.clientId().toString(), "scope", "dealership"));

			Api.Response response = api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "minivan"));

			assertThat(response.json().get("memoryContextDocs")).hasSize(1);
			assertThat(response.json().get("memoryContextDocs").get(0).get("id").asText()).isEqualTo(own);
			String prompt = LLM.calls().get(0).user();
			assertThat(prompt).contains("our minivan stock list")
				.doesNotContain("secret minivan deal")
				.doesNotContain("without client metadata");
		}

	}

	@Nested
	class Security {

		@Test
		void answers401WithoutCredential() {
			Api.Response response = api.post("/api/agent/reply", null, Map.of("message", "Hi"));

			assertThat(response.status()).isEqualTo(401);
			assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
			assertThat(response.contentType()).startsWith("application/problem+json");
		}

		@Test
		void answers401ForUnknownApiKeyAndExpiredJwt() {
			Tenant tenant = newTenant("Expired Motors");
			assertThat(api.post("/api/agent/reply", "ark_unknown", Map.of("message", "Hi")).status()).isEqualTo(401);
			assertThat(api
				.post("/api/agent/reply",
						jwt(tenant.clientId(), "agent:reply", java.time.Instant.now().minusSeconds(120)),
						Map.of("message", "Hi"))
				.status()).isEqualTo(401);
			assertThat(
					api.post("/api/agent/reply", jwt(tenant.clientId(), "agent:reply", null), Map.of("message", "Hi"))
						.status())
				.isEqualTo(401);
		}

		@Test
		void answersWithAValidJwt() {
			Tenant tenant = newTenant("Jwt Motors");
			Api.Response response = api.post("/api/agent/reply",
					jwt(tenant.clientId(), "agent:reply", java.time.Instant.now().plusSeconds(300)),
					Map.of("message", "Hi"));
			assertThat(response.status()).isEqualTo(200);
		}

		@Test
		void answers403ForWrongScope() {
			Tenant tenant = newTenant("Scope Motors");
			String platformOnly = jwt(tenant.clientId(), "platform:admin", java.time.Instant.now().plusSeconds(300));

			Api.Response response = api.post("/api/agent/reply", platformOnly, Map.of("message", "Hi"));

			assertThat(response.status()).isEqualTo(403);
			assertThat(response.json().get("status").asInt()).isEqualTo(403);
		}

		@Test
		void answers403ForDisabledClient() {
			Tenant tenant = newTenant("Disabled Motors");
			jdbc.sql("update clients set active = false where id = ?").param(tenant.clientId()).update();

			assertThat(api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Hi")).status())
				.isEqualTo(403);
		}

		@Test
		void answers404ForAnotherTenantsLead() {
			Tenant a = newTenant("Tenant A");
			Tenant b = newTenant("Tenant B");
			lead(a.clientId(), "lead-a", "a@example.com");

			Api.Response foreign = api.post("/api/agent/reply", b.replyKey(),
					Map.of("message", "Hi", "leadId", "lead-a"));
			Api.Response missing = api.post("/api/agent/reply", b.replyKey(),
					Map.of("message", "Hi", "leadId", "nope"));

			assertThat(foreign.status()).isEqualTo(404);
			for (String field : List.of("type", "title", "status", "detail")) {
				assertThat(foreign.json().get(field)).isEqualTo(missing.json().get(field));
			}
			assertThat(count(b.clientId())).isZero();
			assertThat(LLM.calls()).isEmpty();
		}

		@Test
		void ignoresAClientIdInTheBody() {
			Tenant a = newTenant("Body A");
			Tenant b = newTenant("Body B");
			UUID configB = config(b.clientId(), true, Map.of("personality", "persona of B"));

			Api.Response response = api.post("/api/agent/reply", a.replyKey(),
					Map.of("message", "Hi", "clientId", b.clientId().toString()));

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().get("usedConfigId").isNull()).isTrue();
			assertThat(LLM.calls().get(0).system()).doesNotContain("persona of B");
			assertThat(count(a.clientId())).isEqualTo(1);
			assertThat(count(b.clientId())).isZero();
			assertThat(configB).isNotNull();
		}

	}

	@Nested
	class Validation {

		@Test
		void rejectsEmptyAndOverlongMessages() {
			Tenant tenant = newTenant("Validation Motors");
			for (String message : List.of("", "   ", "x".repeat(4001))) {
				Api.Response response = api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", message));
				assertProblem(response, 400);
				assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("message");
			}
			assertThat(
					api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "  " + "x".repeat(4000) + "  "))
						.status())
				.isEqualTo(200);
			assertThat(count(tenant.clientId())).isEqualTo(1);
		}

		@Test
		void rejectsBadMaxTokensAndModelOutsideTheAllowedList() {
			Tenant tenant = newTenant("Validation Motors 2");
			for (Object maxTokens : List.of(0, 2001, -5)) {
				Api.Response response = api.post("/api/agent/reply", tenant.replyKey(),
						Map.of("message", "Hi", "maxTokens", maxTokens));
				assertProblem(response, 400);
				assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("maxTokens");
			}
			Api.Response model = api.post("/api/agent/reply", tenant.replyKey(),
					Map.of("message", "Hi", "model", "openai/gpt-5-pro"));
			assertProblem(model, 400);
			assertThat(model.json().get("errors").get(0).get("field").asText()).isEqualTo("model");
			assertThat(count(tenant.clientId())).isZero();
			assertThat(LLM.calls()).isEmpty();
		}

		@Test
		void rejectsMalformedJsonWrongContentTypeAndLargeBodies() {
			Tenant tenant = newTenant("Validation Motors 3");
			assertProblem(api.send("POST", "/api/agent/reply", tenant.replyKey(), "{\"message\": ", "application/json"),
					400);
			assertProblem(api.send("POST", "/api/agent/reply", tenant.replyKey(), "message=hi", "text/plain"), 415);
			String big = "{\"message\":\"hi\",\"topic\":\"" + "x".repeat(65 * 1024) + "\"}";
			assertProblem(api.send("POST", "/api/agent/reply", tenant.replyKey(), big, "application/json"), 413);
			assertThat(count(tenant.clientId())).isZero();
		}

		private void assertProblem(Api.Response response, int status) {
			assertThat(response.status()).isEqualTo(status);
			assertThat(response.contentType()).startsWith("application/problem+json");
			JsonNode problem = response.json();
			assertThat(problem.get("status").asInt()).isEqualTo(status);
			assertThat(problem.get("type").asText()).startsWith("https://");
			assertThat(problem.get("title").asText()).isNotBlank();
			assertThat(problem.get("detail").asText()).isNotBlank();
			assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.");
		}

	}

	@Test
	void postgresRejectsASecondActiveConfigForOneClient() {
		Tenant tenant = newTenant("Two Active Motors");
		config(tenant.clientId(), true, Map.of());

		assertThatThrownBy(() -> config(tenant.clientId(), true, Map.of()))
			.isInstanceOf(DataIntegrityViolationException.class)
			.hasMessageContaining("ai_agent_config_one_active_per_client");
		config(newTenant("Other").clientId(), true, Map.of());
	}

	private long count(UUID clientId) {
		return this.jdbc.sql("select count(*) from agent_exchange where client_id = ?")
			.param(clientId)
			.query(Long.class)
			.single();
	}

	private static JsonNode dataBlock(String userTurn) throws Exception {
		int start = userTurn.indexOf(PromptBuilder.DATA_OPEN) + PromptBuilder.DATA_OPEN.length();
		int end = userTurn.indexOf(PromptBuilder.DATA_CLOSE);
		assertThat(start).isLessThan(end);
		return JSON.readTree(userTurn.substring(start, end).trim());
	}

}
