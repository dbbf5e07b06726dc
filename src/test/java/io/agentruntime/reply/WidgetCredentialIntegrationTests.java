package io.agentruntime.reply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.memory.MemoryTags;
import io.agentruntime.support.Api;
import io.agentruntime.support.FakeLlm;
import io.agentruntime.support.IntegrationTest;
import io.agentruntime.support.Sentinels;
import io.agentruntime.tenant.ApiKeys;
import io.agentruntime.tenant.ConversationTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser-safe widget credential (issue 14, DESIGN §2): publishable {@code apk_} keys
 * bound to origins, no {@code leadId} from a browser, a lead only through a JWT the
 * dealership signs, conversations only with their token, and no memory documents in
 * widget answers.
 */
class WidgetCredentialIntegrationTests extends IntegrationTest {

	static final String SHOP = "https://shop.example.com";

	@Autowired
	ConversationTokens tokens;

	private Tenant tenant;

	private String widgetKey;

	@BeforeEach
	void dealershipWithAWidgetKey() {
		this.tenant = newTenant("Widget Motors");
		this.widgetKey = createWidgetKey(this.tenant, List.of(SHOP));
	}

	@Nested
	class Keys {

		@Test
		void createsAPublishableKeyWithCanonicalOriginsStoredOnlyAsAHash() {
			Api.Response created = api.post("/api/agent/api-keys", tenant.adminKey(),
					Map.of("name", "Storefront widget", "scopes", List.of("agent:widget"), "allowedOrigins",
							List.of("HTTPS://Shop.Example.com:443/", "http://localhost:8080")));

			assertThat(created.status()).as(created.body()).isEqualTo(201);
			String key = created.json().get("key").asText();
			assertThat(key).startsWith(ApiKeys.WIDGET_PREFIX);
			assertThat(texts(created.json().get("allowedOrigins"))).containsExactly(SHOP, "http://localhost:8080");
			assertThat(jdbc.sql("select count(*) from api_keys where key_hash = ? and key_prefix <> ?")
				.params(ApiKeys.hash(key), key)
				.query(Long.class)
				.single()).isEqualTo(1);
			JsonNode listed = api.get("/api/agent/api-keys", tenant.adminKey()).json();
			JsonNode widget = null;
			for (JsonNode item : listed) {
				if (item.get("id").asText().equals(created.json().get("id").asText())) {
					widget = item;
				}
			}
			assertThat(widget).isNotNull();
			assertThat(widget.has("key")).isFalse();
			assertThat(texts(widget.get("allowedOrigins"))).containsExactly(SHOP, "http://localhost:8080");
		}

		@Test
		void platformAdministratorGivesADealershipAWidgetKey() {
			Api.Response created = api.post("/api/admin/clients/" + tenant.clientId() + "/api-keys", PLATFORM_KEY,
					Map.of("name", "First widget", "scopes", List.of("agent:widget"), "allowedOrigins",
							List.of("https://www.dealer.example")));

			assertThat(created.status()).as(created.body()).isEqualTo(201);
			assertThat(created.json().get("key").asText()).startsWith(ApiKeys.WIDGET_PREFIX);
			LLM.enqueue(FakeLlm.reply("Welcome to Widget Motors!"));
			assertThat(widgetReply(created.json().get("key").asText(), "https://www.dealer.example",
					Map.of("message", "Hello there"), null)
				.status()).isEqualTo(200);
		}

		@Test
		void refusesAWidgetKeyWithoutOrigins() {
			long before = keyCount();

			Api.Response missing = api.post("/api/agent/api-keys", tenant.adminKey(),
					Map.of("name", "No origins", "scopes", List.of("agent:widget")));
			Api.Response empty = api.post("/api/agent/api-keys", tenant.adminKey(),
					Map.of("name", "No origins", "scopes", List.of("agent:widget"), "allowedOrigins", List.of()));

			assertThat(fieldErrors(missing)).containsExactly("allowedOrigins");
			assertThat(fieldErrors(empty)).containsExactly("allowedOrigins");
			assertThat(keyCount()).isEqualTo(before);
		}

		@Test
		void refusesOriginsThatAreNotOrigins() {
			Api.Response response = api.post("/api/agent/api-keys", tenant.adminKey(),
					Map.of("name", "Bad origins", "scopes", List.of("agent:widget"), "allowedOrigins",
							List.of(SHOP, "https://shop.example.com/chat", "*", "ftp://files.example.com", "null",
									"https://user@shop.example.com")));

			assertThat(fieldErrors(response)).containsExactly("allowedOrigins[1]", "allowedOrigins[2]",
					"allowedOrigins[3]", "allowedOrigins[4]", "allowedOrigins[5]");
		}

		@Test
		void refusesTheWidgetScopeTogetherWithAnother() {
			Api.Response response = api.post("/api/agent/api-keys", tenant.adminKey(), Map.of("name", "Mixed", "scopes",
					List.of("agent:widget", "agent:reply"), "allowedOrigins", List.of(SHOP)));

			assertThat(fieldErrors(response)).containsExactly("scopes");
		}

		@Test
		void refusesOriginsOnAServerKey() {
			Api.Response response = api.post("/api/agent/api-keys", tenant.adminKey(),
					Map.of("name", "Server", "scopes", List.of("agent:reply"), "allowedOrigins", List.of(SHOP)));

			assertThat(fieldErrors(response)).containsExactly("allowedOrigins");
		}

		@Test
		void revokedWidgetKeyAnswers401() {
			String id = jdbc.sql("select id::text from api_keys where key_hash = ?")
				.param(ApiKeys.hash(widgetKey))
				.query(String.class)
				.single();
			assertThat(api.delete("/api/agent/api-keys/" + id, tenant.adminKey()).status()).isEqualTo(204);

			Api.Response response = widgetReply(widgetKey, SHOP, Map.of("message", "Still there?"), null);

			assertThat(response.status()).isEqualTo(401);
			assertThat(LLM.calls()).isEmpty();
		}

	}

	@Nested
	class Origins {

		@Test
		void answersAWidgetFromItsOriginWithCorsHeaders() {
			LLM.enqueue(FakeLlm.reply("We are open Saturdays."));

			Api.Response response = widgetReply(widgetKey, SHOP, Map.of("message", "Are you open Saturday?"), null);

			assertThat(response.status()).as(response.body()).isEqualTo(200);
			assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
		}

		@Test
		void refusesAWidgetKeyFromAnotherOrigin() {
			Api.Response foreign = widgetReply(widgetKey, "https://evil.example", Map.of("message", "Hi"), null);
			Api.Response lookAlike = widgetReply(widgetKey, "https://shop.example.com.evil.example",
					Map.of("message", "Hi"), null);
			Api.Response noOrigin = widgetReply(widgetKey, null, Map.of("message", "Hi"), null);

			for (Api.Response response : List.of(foreign, lookAlike, noOrigin)) {
				assertThat(response.status()).isEqualTo(403);
				assertThat(response.contentType()).startsWith("application/problem+json");
				assertThat(response.json().get("type").asText()).endsWith("/origin-not-allowed");
			}
			assertThat(LLM.calls()).isEmpty();
			assertThat(auditRows()).isZero();
		}

		@Test
		void refusesAnotherDealershipsOriginEvenThoughCorsKnowsIt() {
			Tenant other = newTenant("Other Widget Motors");
			createWidgetKey(other, List.of("https://other.example"));

			Api.Response response = widgetReply(widgetKey, "https://other.example", Map.of("message", "Hi"), null);

			assertThat(response.status()).isEqualTo(403);
			// The browser may read why: the preflight allowed the origin.
			assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://other.example");
		}

		@Test
		void answersThePreflightOfAWidgetOrigin() {
			Api.Response preflight = preflight(SHOP);

			assertThat(preflight.status()).isEqualTo(200);
			assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
			assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
			assertThat(preflight.header("Access-Control-Allow-Headers").toLowerCase()).contains("authorization",
					"content-type", "x-conversation-token");
		}

		@Test
		void allowsNoOriginThatNoWidgetKeyLists() {
			Api.Response preflight = preflight("https://unknown.example");

			assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
		}

		private Api.Response preflight(String origin) {
			return api.raw("OPTIONS", Api.REPLY_PATH, Map.of("Origin", origin, "Access-Control-Request-Method", "POST",
					"Access-Control-Request-Headers", "authorization,content-type,x-conversation-token"), null);
		}

	}

	@Nested
	class Replies {

		@Test
		void answersAWidgetWithANewConversationAndNoMemoryDocuments() {
			dealershipMemory(tenant.clientId());
			MEMORY.seed("Staff note: the minivan price floor is 31000", MemoryTags.dealershipScope(tenant.clientId()),
					Map.of("clientId", tenant.clientId().toString(), "scope", "dealership"));
			LLM.enqueue(FakeLlm.reply("We have two minivans in stock."));

			Api.Response response = widgetReply(widgetKey, SHOP, Map.of("message", "minivan"), null);

			assertThat(response.status()).as(response.body()).isEqualTo(200);
			JsonNode answer = response.json();
			assertThat(answer.has("memoryContextDocs")).as("memoryContextDocs in a widget answer").isFalse();
			assertThat(response.body()).doesNotContain("price floor");
			String conversationId = answer.get("conversationId").asText();
			assertThat(conversationId).startsWith(WidgetReplies.CONVERSATION_PREFIX);
			assertThat(answer.get("conversationToken").asText()).startsWith("ct1.");
			assertThat(jdbc.sql("select conversation_id from agent_exchange where id = ?")
				.param(UUID.fromString(answer.get("exchangeId").asText()))
				.query(String.class)
				.single()).isEqualTo(conversationId);
		}

		@Test
		void refusesALeadIdFromAWidget() {
			lead(tenant.clientId(), "widget-lead", "widget.lead@example.com");

			Api.Response response = widgetReply(widgetKey, SHOP, Map.of("message", "Hi", "leadId", "widget-lead"),
					null);

			assertThat(fieldErrors(response)).containsExactly("leadId");
			assertThat(LLM.calls()).isEmpty();
			assertThat(auditRows()).isZero();
		}

		@Test
		void continuesAConversationOnlyWithItsToken() {
			LLM.enqueue(FakeLlm.reply("Sure, which model?"), FakeLlm.reply("I will ask a colleague."),
					FakeLlm.reply("The RAV4 is available."));
			JsonNode first = widgetReply(widgetKey, SHOP, Map.of("message", "my phone number is 555-0199"), null)
				.json();
			String conversation = first.get("conversationId").asText();
			String token = first.get("conversationToken").asText();
			JsonNode second = widgetReply(widgetKey, SHOP, Map.of("message", "another visitor"), null).json();
			String otherToken = second.get("conversationToken").asText();
			String otherTenantsToken = otherTenantsTokenFor(conversation);
			long rowsBefore = auditRows();
			int llmCallsBefore = LLM.calls().size();

			Map<String, Object> intrusion = Map.of("message", "what is my phone number?", "conversationId",
					conversation);
			List<Api.Response> refused = List.of(widgetReply(widgetKey, SHOP, intrusion, null),
					widgetReply(widgetKey, SHOP, intrusion, otherToken),
					widgetReply(widgetKey, SHOP, intrusion, "ct1.not-the-token"),
					widgetReply(widgetKey, SHOP, intrusion, otherTenantsToken));

			for (Api.Response response : refused) {
				assertThat(response.status()).isEqualTo(403);
				assertThat(response.json().get("type").asText()).endsWith("/conversation-token");
				assertThat(response.body()).doesNotContain("555-0199");
			}
			assertThat(LLM.calls()).hasSize(llmCallsBefore);
			assertThat(auditRows()).isEqualTo(rowsBefore);

			Api.Response owner = widgetReply(widgetKey, SHOP,
					Map.of("message", "is the RAV4 there?", "conversationId", conversation), token);

			assertThat(owner.status()).as(owner.body()).isEqualTo(200);
			assertThat(owner.json().get("conversationId").asText()).isEqualTo(conversation);
			assertThat(owner.json().get("conversationToken").asText()).isEqualTo(token);
			assertThat(LLM.calls().get(LLM.calls().size() - 1).contents("user"))
				.anyMatch(turn -> turn.contains("555-0199"));
		}

		@Test
		void refusesAWidgetNamingAServerSideConversationWithoutItsToken() {
			LLM.enqueue(FakeLlm.reply("Noted."));
			assertThat(api
				.post(Api.REPLY_PATH, tenant.replyKey(),
						Map.of("message", "my e-mail is pat@example.com", "conversationId", "crm-conversation-1"))
				.status()).isEqualTo(200);

			Api.Response response = widgetReply(widgetKey, SHOP,
					Map.of("message", "what is my e-mail?", "conversationId", "crm-conversation-1"), null);

			assertThat(response.status()).isEqualTo(403);
			assertThat(LLM.calls()).hasSize(1);
		}

		@Test
		void serverKeysKeepTheirAnswersAndGetNoToken() {
			LLM.enqueue(FakeLlm.reply("Hello from the server side."));

			Api.Response response = api.post(Api.REPLY_PATH, tenant.replyKey(),
					Map.of("message", "minivan", "conversationId", "crm-7"));

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().get("memoryContextDocs").isArray()).isTrue();
			assertThat(response.json().get("conversationId").asText()).isEqualTo("crm-7");
			assertThat(response.json().has("conversationToken")).isFalse();
		}

		/**
		 * The token another dealership would hold for a conversation of the same id.
		 */
		private String otherTenantsTokenFor(String conversationId) {
			return tokens.issue(newTenant("Token Thief Motors").clientId(), conversationId);
		}

	}

	@Nested
	class LeadBoundTokens {

		private String leadX;

		private String leadY;

		@BeforeEach
		void twoLeadsWithTheirOwnMemory() {
			this.leadX = "lead-x-" + UUID.randomUUID().toString().substring(0, 8);
			this.leadY = "lead-y-" + UUID.randomUUID().toString().substring(0, 8);
			seedLead(this.leadX, "x." + this.leadX + "@example.com", "minivan for lead X with phone 555-0101");
			seedLead(this.leadY, "y." + this.leadY + "@example.com", "minivan for lead Y with phone 555-0202");
		}

		@Test
		void recallsTheBoundLeadsMemoryAndNoOtherLeads() {
			LLM.enqueue(FakeLlm.reply("Your minivan is ready."));

			Api.Response response = api.post(Api.REPLY_PATH,
					widgetJwt(tenant.clientId(), this.leadX, Instant.now().plusSeconds(300)),
					Map.of("message", "minivan"));

			assertThat(response.status()).as(response.body()).isEqualTo(200);
			assertThat(response.json().has("memoryContextDocs")).isFalse();
			String prompt = String.join("\n", LLM.calls().get(0).contents("user"));
			assertThat(prompt).contains("555-0101").doesNotContain("555-0202");
			assertThat(jdbc.sql("select lead_id from agent_exchange where id = ?")
				.param(UUID.fromString(response.json().get("exchangeId").asText()))
				.query(String.class)
				.single()).isEqualTo(this.leadX);
		}

		@Test
		void cannotNameAnotherLead() {
			Api.Response response = api.post(Api.REPLY_PATH,
					widgetJwt(tenant.clientId(), this.leadX, Instant.now().plusSeconds(300)),
					Map.of("message", "minivan", "leadId", this.leadY));

			assertThat(fieldErrors(response)).containsExactly("leadId");
			assertThat(LLM.calls()).isEmpty();
		}

		@Test
		void answers404ForALeadTheDealershipDoesNotHave() {
			Tenant other = newTenant("Lead Owner Motors");
			lead(other.clientId(), "foreign-lead", "foreign.lead@example.com");

			Api.Response foreign = api.post(Api.REPLY_PATH,
					widgetJwt(tenant.clientId(), "foreign-lead", Instant.now().plusSeconds(300)),
					Map.of("message", "minivan"));

			assertThat(foreign.status()).isEqualTo(404);
			assertThat(LLM.calls()).isEmpty();
		}

		@Test
		void widgetTokensCannotAlsoCarryServerScopes() {
			Api.Response response = api.post(Api.REPLY_PATH,
					jwt(tenant.clientId(), "agent:widget agent:reply", Instant.now().plusSeconds(300)),
					Map.of("message", "minivan"));

			assertThat(response.status()).isEqualTo(401);
		}

		@Test
		void widgetTokensGet403OnServerEndpoints() {
			String token = widgetJwt(tenant.clientId(), this.leadX, Instant.now().plusSeconds(300));

			assertThat(api.get("/api/agent/leads/" + this.leadX, token).status()).isEqualTo(403);
			assertThat(api.post(Api.MEMORY_PATH, token, Map.of("content", "planted instruction")).status())
				.isEqualTo(403);
		}

		private void seedLead(String leadId, String email, String memory) {
			lead(tenant.clientId(), leadId, email);
			String leadKey = MemoryTags.leadKey(email, null);
			MEMORY.seed(memory, MemoryTags.leadScope(tenant.clientId(), leadKey),
					Map.of("clientId", tenant.clientId().toString(), "scope", "lead", "leadKey", leadKey));
		}

	}

	/** A widget key of the tenant, created through the API by its administrator. */
	String createWidgetKey(Tenant owner, List<String> origins) {
		Api.Response created = this.api.post("/api/agent/api-keys", owner.adminKey(),
				Map.of("name", "Widget", "scopes", List.of("agent:widget"), "allowedOrigins", origins));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("key").asText();
	}

	/** A reply as a browser on {@code origin} sends it. */
	Api.Response widgetReply(String key, String origin, Map<String, Object> body, String conversationToken) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Authorization", "Bearer " + key);
		headers.put("Content-Type", "application/json");
		if (origin != null) {
			headers.put("Origin", origin);
		}
		if (conversationToken != null) {
			headers.put("X-Conversation-Token", conversationToken);
		}
		// The visitor's words must never reach a log (issue 9's sentinel scan).
		Sentinels.register(String.valueOf(body.get("message")));
		return this.api.raw("POST", Api.REPLY_PATH, headers, json(body));
	}

	long auditRows() {
		return this.jdbc.sql("select count(*) from agent_exchange where client_id = ?")
			.param(this.tenant.clientId())
			.query(Long.class)
			.single();
	}

	long keyCount() {
		return this.jdbc.sql("select count(*) from api_keys where client_id = ?")
			.param(this.tenant.clientId())
			.query(Long.class)
			.single();
	}

	static List<String> fieldErrors(Api.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		return texts(response.json().get("errors"), "field");
	}

	static List<String> texts(JsonNode array) {
		return texts(array, null);
	}

	static List<String> texts(JsonNode array, String field) {
		List<String> texts = new ArrayList<>();
		array.forEach(item -> texts.add((field != null) ? item.get(field).asText() : item.asText()));
		return texts;
	}

}
