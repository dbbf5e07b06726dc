package io.agentruntime.conversation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.support.Api;
import io.agentruntime.support.FakeLlm;
import io.agentruntime.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conversations with an owner, as user stories against the fake LLM (DESIGN §10, §11,
 * issue 19): hand-off, takeover, staff messages, close and reopen, qualification and the
 * events each change appends.
 */
class ConversationHandoffIntegrationTests extends IntegrationTest {

	private static final String BASE = "/api/agent/conversations/";

	@Test
	void aLeadWhoAsksForAPersonIsHandedOffEvenWhenTheModelMissesIt() {
		Tenant tenant = newTenant("Handoff Motors");
		LLM.enqueue(FakeLlm.reply("Of course, let me help you with that."));

		JsonNode reply = reply(tenant, "Can I talk to a real person please?", "conv-handoff", 200);

		assertThat(reply.get("degraded").asBoolean()).isFalse();
		assertThat(reply.get("handoff").get("requested").asBoolean()).isTrue();
		assertThat(reply.get("handoff").get("reason").asText()).isEqualTo("wants_human");
		assertThat(reply.get("conversationState").asText()).isEqualTo("handoff");
		assertThat(events(tenant, "conv-handoff")).containsExactly("message.lead", "message.agent", "state.changed",
				"handoff.requested");
		JsonNode waiting = this.api.get("/api/agent/conversations?state=handoff", tenant.replyKey()).json();
		assertThat(waiting.get("items")).hasSize(1);
		assertThat(waiting.get("items").get(0).get("conversationId").asText()).isEqualTo("conv-handoff");
		assertThat(waiting.get("items").get(0).get("handoff").get("reason").asText()).isEqualTo("wants_human");
	}

	@Test
	void afterATakeoverTheLeadsMessageIsRecordedAndAnswered202WithoutTheLlm() {
		Tenant tenant = newTenant("Takeover Motors");
		reply(tenant, "Is the blue RAV4 still available?", "conv-takeover", 200);

		Api.Response takeover = this.api.post(BASE + "conv-takeover/takeover", tenant.replyKey(),
				Map.of("assignee", "dana"));
		LLM.reset();
		Api.Response held = this.api.post(Api.REPLY_PATH, tenant.replyKey(),
				Map.of("message", "Hello? Are you still there?", "conversationId", "conv-takeover"));

		assertThat(takeover.status()).isEqualTo(200);
		assertThat(takeover.json().get("state").asText()).isEqualTo("human");
		assertThat(takeover.json().get("assignee").asText()).isEqualTo("dana");
		assertThat(held.status()).isEqualTo(202);
		assertThat(held.json().get("conversationState").asText()).isEqualTo("human");
		assertThat(held.json().has("reply")).isFalse();
		assertThat(LLM.calls()).as("LLM calls while staff have the conversation").isEmpty();
		JsonNode exchanges = this.api.get(BASE + "conv-takeover", tenant.replyKey()).json();
		JsonNode last = exchanges.get(exchanges.size() - 1);
		assertThat(last.get("exchangeId").asText()).isEqualTo(held.json().get("exchangeId").asText());
		assertThat(last.get("message").asText()).isEqualTo("Hello? Are you still there?");
		assertThat(last.get("reply").isNull()).isTrue();
		assertThat(events(tenant, "conv-takeover")).containsSubsequence("state.changed", "message.lead")
			.endsWith("message.lead");
	}

	@Test
	void aStaffMessageIsInTheConversationAndInThePromptAfterRelease() {
		Tenant tenant = newTenant("Staff Message Motors");
		reply(tenant, "Can I book a test drive?", "conv-staff", 200);
		this.api.post(BASE + "conv-staff/takeover", tenant.replyKey(), Map.of("assignee", "dana"));

		Api.Response written = this.api.post(BASE + "conv-staff/messages", tenant.replyKey(),
				Map.of("text", "Hi, Dana here: Saturday at 10 works, the car will be ready.", "author", "Dana"));
		Api.Response released = this.api.post(BASE + "conv-staff/release", tenant.replyKey(), "");
		LLM.reset();
		JsonNode resumed = reply(tenant, "Great, what should I bring?", "conv-staff", 200);

		assertThat(written.status()).isEqualTo(201);
		assertThat(written.json().get("author").asText()).isEqualTo("Dana");
		JsonNode exchanges = this.api.get(BASE + "conv-staff", tenant.replyKey()).json();
		JsonNode staff = exchanges.get(1);
		assertThat(staff.get("exchangeId").asText()).isEqualTo(written.json().get("exchangeId").asText());
		assertThat(staff.get("author").asText()).isEqualTo("Dana");
		assertThat(staff.get("message").isNull()).isTrue();
		assertThat(staff.get("reply").asText()).contains("Saturday at 10");
		assertThat(exchanges.get(0).get("author").isNull()).isTrue();
		assertThat(released.status()).isEqualTo(200);
		assertThat(released.json().get("state").asText()).isEqualTo("ai");
		assertThat(resumed.get("conversationState").asText()).isEqualTo("ai");
		List<String> assistantTurns = LLM.calls().get(0).contents("assistant");
		assertThat(assistantTurns)
			.anySatisfy(turn -> assertThat(turn).contains("dealership_staff").contains("Saturday at 10"));
		assertThat(events(tenant, "conv-staff")).contains("message.staff");
	}

	@Test
	void staffMessagesNeedAConversationStaffTookOver() {
		Tenant tenant = newTenant("Staff Conflict Motors");
		reply(tenant, "Hi there", "conv-not-human", 200);

		Api.Response refused = this.api.post(BASE + "conv-not-human/messages", tenant.replyKey(),
				Map.of("text", "A staff note too early", "author", "Sam"));

		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.json().get("type").asText()).endsWith("/conversation-not-taken-over");
		assertThat(this.api.get(BASE + "conv-not-human", tenant.replyKey()).json()).hasSize(1);
		assertThat(this.api.post(BASE + "conv-never/messages", tenant.replyKey(), Map.of("text", "Anyone?")).status())
			.isEqualTo(404);
	}

	@Test
	void twoStaffMembersTakingOverAtOnceGetOne200AndOne409() throws Exception {
		Tenant tenant = newTenant("Race Motors");
		reply(tenant, "I'd like a quote", "conv-race", 200);
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<Api.Response>> takeovers = new ArrayList<>();
			for (String assignee : List.of("dana", "sam")) {
				takeovers.add(pool.submit(() -> {
					start.await();
					return this.api.post(BASE + "conv-race/takeover", tenant.replyKey(), Map.of("assignee", assignee));
				}));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Api.Response> takeover : takeovers) {
				statuses.add(takeover.get().status());
			}

			assertThat(statuses).containsExactlyInAnyOrder(200, 409);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(events(tenant, "conv-race").stream().filter("state.changed"::equals)).hasSize(1);
	}

	@Test
	void leadMessagesOfOneConversationThatArriveTogetherAreAllAnsweredAndRecorded() throws Exception {
		Tenant tenant = newTenant("Double Send Motors");
		CountDownLatch start = new CountDownLatch(1);
		// As many as the test instance admits at once (agent.reply.max-in-flight).
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<Api.Response>> replies = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				String message = "Is the blue Tacoma still there? (" + i + ")";
				replies.add(pool.submit(() -> {
					start.await();
					return this.api.post(Api.REPLY_PATH, tenant.replyKey(),
							Map.of("message", message, "conversationId", "conv-double"));
				}));
			}
			start.countDown();
			for (Future<Api.Response> reply : replies) {
				assertThat(reply.get().status()).as(reply.get().body()).isEqualTo(200);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.jdbc.sql("select count(*) from agent_exchange where client_id = ? and conversation_id = ?")
			.params(tenant.clientId(), "conv-double")
			.query(Long.class)
			.single()).isEqualTo(4);
		assertThat(events(tenant, "conv-double").stream().filter("message.lead"::equals)).hasSize(4);
	}

	@Test
	void aClosedConversationReopensOnTheLeadsNextMessage() {
		Tenant tenant = newTenant("Reopen Motors");
		reply(tenant, "Thanks, that's all", "conv-reopen", 200);

		Api.Response closed = this.api.post(BASE + "conv-reopen/close", tenant.replyKey(), "");
		Api.Response takeover = this.api.post(BASE + "conv-reopen/takeover", tenant.replyKey(),
				Map.of("assignee", "dana"));
		LLM.reset();
		JsonNode reopened = reply(tenant, "Actually, one more question about financing", "conv-reopen", 200);

		assertThat(closed.json().get("state").asText()).isEqualTo("closed");
		assertThat(takeover.status()).isEqualTo(409);
		assertThat(takeover.json().get("type").asText()).endsWith("/conversation-closed");
		assertThat(reopened.get("conversationState").asText()).isEqualTo("ai");
		assertThat(LLM.calls()).hasSize(1);
		List<Map<String, Object>> changes = this.jdbc.sql("""
				select payload->>'from' as "from", payload->>'to' as "to" from conversation_event
				where client_id = ? and conversation_id = 'conv-reopen' and type = 'state.changed' order by id
				""").param(tenant.clientId()).query().listOfRows();
		assertThat(changes).containsExactly(Map.of("from", "ai", "to", "closed"), Map.of("from", "closed", "to", "ai"));
	}

	@Test
	void qualificationFillsOverThreeTurnsAndLeadQualifiedFiresOnce() {
		Tenant tenant = newTenant("Qualification Motors");
		LLM.enqueue(
				FakeLlm.replyWith("Happy to set up a test drive!", null,
						qualification("test_drive", null, null, null, null, null)),
				FakeLlm.replyWith("The blue RAV4 Hybrid XLE it is. This week works.", null,
						qualification(null, "2024 RAV4 Hybrid XLE, blue", "this_week", null, null, null)),
				FakeLlm.replyWith("We can appraise your Civic and talk financing.", null,
						qualification("buy", null, "unknown", true, "wants_financing", "text")));

		JsonNode first = reply(tenant, "I'd like to test drive a RAV4", "conv-qualify", 200);
		JsonNode second = reply(tenant, "The blue 2024 Hybrid XLE, this week", "conv-qualify", 200);
		JsonNode third = reply(tenant, "I'd trade in my Civic and need financing", "conv-qualify", 200);

		assertThat(first.get("qualification").get("intent").asText()).isEqualTo("test_drive");
		assertThat(first.get("qualification").get("vehicle").isNull()).isTrue();
		JsonNode merged = third.get("qualification");
		assertThat(merged.get("intent").asText()).isEqualTo("buy");
		assertThat(merged.get("vehicle").asText()).isEqualTo("2024 RAV4 Hybrid XLE, blue");
		assertThat(merged.get("timeframe").asText()).as("unknown never replaces a known value").isEqualTo("this_week");
		assertThat(merged.get("tradeIn").asBoolean()).isTrue();
		assertThat(merged.get("financing").asText()).isEqualTo("wants_financing");
		assertThat(merged.get("contactPreference").asText()).isEqualTo("text");
		assertThat(second.get("qualification").get("timeframe").asText()).isEqualTo("this_week");
		assertThat(events(tenant, "conv-qualify").stream().filter("lead.qualified"::equals)).hasSize(1);
		String payload = this.jdbc.sql("""
				select payload::text from conversation_event
				where client_id = ? and conversation_id = 'conv-qualify' and type = 'lead.qualified'
				""").param(tenant.clientId()).query(String.class).single();
		assertThat(payload).contains("test_drive").contains("this_week").doesNotContain("Civic");
		JsonNode listed = this.api.get("/api/agent/conversations", tenant.replyKey()).json().get("items").get(0);
		assertThat(listed.get("qualification")).isEqualTo(merged);
	}

	@Test
	void valuesOutsideTheEnumsAreDroppedNotFatal() {
		Tenant tenant = newTenant("Enum Motors");
		LLM.enqueue(FakeLlm.replyWith("Let me see what I can do.", Map.of("requested", true, "reason", "lunch_break"),
				qualification("purchase", "F-150 Lariat", "next_decade", null, "crypto", "pigeon")));

		JsonNode reply = reply(tenant, "What's your best deal on an F-150 Lariat?", "conv-enum", 200);

		assertThat(reply.get("degraded").asBoolean()).isFalse();
		assertThat(reply.get("model").asText()).isEqualTo("openai/gpt-4o-mini");
		assertThat(reply.get("handoff").get("requested").asBoolean()).isTrue();
		assertThat(reply.get("handoff").get("reason").isNull()).isTrue();
		JsonNode qualification = reply.get("qualification");
		assertThat(qualification.get("vehicle").asText()).isEqualTo("F-150 Lariat");
		assertThat(qualification.get("intent").isNull()).isTrue();
		assertThat(qualification.get("timeframe").isNull()).isTrue();
		assertThat(qualification.get("financing").isNull()).isTrue();
		assertThat(qualification.get("contactPreference").isNull()).isTrue();
		assertThat(LLM.calls()).hasSize(1);
	}

	@Test
	void answers404ForAnotherTenantsConversationOnEveryNewEndpoint() {
		Tenant owner = newTenant("Conversation Owner Motors");
		Tenant other = newTenant("Conversation Prying Motors");
		reply(owner, "A private question", "conv-owned", 200);
		this.api.post(BASE + "conv-owned/takeover", owner.replyKey(), Map.of("assignee", "dana"));
		String before = row(owner, "conv-owned");

		Map<String, Api.Response> answers = new HashMap<>();
		answers.put("takeover", this.api.post(BASE + "conv-owned/takeover", other.replyKey(), Map.of("assignee", "x")));
		answers.put("release", this.api.post(BASE + "conv-owned/release", other.replyKey(), ""));
		answers.put("close", this.api.post(BASE + "conv-owned/close", other.replyKey(), ""));
		answers.put("messages", this.api.post(BASE + "conv-owned/messages", other.replyKey(),
				Map.of("text", "Not yours", "author", "x")));
		Api.Response missing = this.api.post(BASE + "conv-missing/close", other.replyKey(), "");

		answers.forEach((endpoint, answer) -> {
			assertThat(answer.status()).as(endpoint).isEqualTo(404);
			for (String field : List.of("type", "title", "status", "detail")) {
				assertThat(answer.json().get(field)).as(endpoint).isEqualTo(missing.json().get(field));
			}
		});
		assertThat(this.api.get("/api/agent/conversations", other.replyKey()).json().get("items")).isEmpty();
		assertThat(row(owner, "conv-owned")).isEqualTo(before);
	}

	@Test
	void listsNewestActivityFirstPageByPage() {
		Tenant tenant = newTenant("List Motors");
		List<String> ids = List.of("conv-a", "conv-b", "conv-c", "conv-d", "conv-e");
		for (String id : ids) {
			reply(tenant, "Hello from " + id, id, 200);
		}
		reply(tenant, "Back again", "conv-b", 200);

		List<String> seen = new ArrayList<>();
		String cursor = null;
		do {
			Api.Response page = this.api.get(
					"/api/agent/conversations?limit=2" + ((cursor != null) ? "&cursor=" + cursor : ""),
					tenant.replyKey());
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.json().get("items").size()).isLessThanOrEqualTo(2);
			page.json().get("items").forEach(item -> seen.add(item.get("conversationId").asText()));
			cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asText();
		}
		while (cursor != null);

		assertThat(seen).containsExactly("conv-b", "conv-e", "conv-d", "conv-c", "conv-a");
		for (String query : List.of("limit=0", "limit=101", "state=waiting", "cursor=not-ours", "limit=ten")) {
			Api.Response invalid = this.api.get("/api/agent/conversations?" + query, tenant.replyKey());
			assertThat(invalid.status()).as(query).isEqualTo(400);
			assertThat(invalid.contentType()).as(query).startsWith("application/problem+json");
		}
	}

	@Test
	void listsNewestActivityFirstAcrossTheIndexedTenMinuteBucketsAndWithinOne() {
		Tenant tenant = newTenant("Bucket Motors");
		Map<String, String> lastMessageAt = new LinkedHashMap<>();
		lastMessageAt.put("conv-1", "2026-12-04T12:00:05Z");
		lastMessageAt.put("conv-2", "2026-12-04T12:09:59Z");
		lastMessageAt.put("conv-3", "2026-12-04T12:10:00Z");
		lastMessageAt.put("conv-4", "2026-12-04T11:59:59Z");
		lastMessageAt.put("conv-5", "2026-12-04T12:09:59Z");
		lastMessageAt.put("conv-6", "2026-12-04T12:31:00Z");
		lastMessageAt.forEach((id, at) -> {
			reply(tenant, "Hello from " + id, id, 200);
			this.jdbc.sql(
					"update conversation set last_message_at = cast(? as timestamptz) where client_id = ? and conversation_id = ?")
				.params(at, tenant.clientId(), id)
				.update();
		});
		this.jdbc.sql(
				"update conversation set state = 'human', assignee = 'Sam' where client_id = ? and conversation_id in ('conv-1', 'conv-5')")
			.params(tenant.clientId())
			.update();

		for (int limit : List.of(1, 2, 100)) {
			assertThat(listAll(tenant, "", limit)).as("limit %d", limit)
				.containsExactly("conv-6", "conv-3", "conv-5", "conv-2", "conv-1", "conv-4");
			assertThat(listAll(tenant, "state=human&", limit)).as("limit %d", limit)
				.containsExactly("conv-5", "conv-1");
		}
	}

	private List<String> listAll(Tenant tenant, String query, int limit) {
		List<String> seen = new ArrayList<>();
		String cursor = null;
		do {
			Api.Response page = this.api.get("/api/agent/conversations?" + query + "limit=" + limit
					+ ((cursor != null) ? "&cursor=" + cursor : ""), tenant.replyKey());
			assertThat(page.status()).isEqualTo(200);
			page.json().get("items").forEach(item -> seen.add(item.get("conversationId").asText()));
			cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asText();
		}
		while (cursor != null);
		return seen;
	}

	private JsonNode reply(Tenant tenant, String message, String conversationId, int status) {
		Api.Response response = this.api.post(Api.REPLY_PATH, tenant.replyKey(),
				Map.of("message", message, "conversationId", conversationId));
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		return response.json();
	}

	private List<String> events(Tenant tenant, String conversationId) {
		return this.jdbc
			.sql("select type from conversation_event where client_id = ? and conversation_id = ? order by id")
			.params(tenant.clientId(), conversationId)
			.query(String.class)
			.list();
	}

	private String row(Tenant tenant, String conversationId) {
		return this.jdbc.sql("""
				select concat_ws('|', state, assignee, version, (select count(*) from agent_exchange
				    where client_id = c.client_id and conversation_id = c.conversation_id))
				from conversation c where client_id = ? and conversation_id = ?
				""").params(tenant.clientId(), conversationId).query(String.class).single();
	}

	private static Map<String, Object> qualification(String intent, String vehicle, String timeframe, Boolean tradeIn,
			String financing, String contactPreference) {
		Map<String, Object> qualification = new HashMap<>();
		qualification.put("intent", intent);
		qualification.put("vehicle", vehicle);
		qualification.put("timeframe", timeframe);
		qualification.put("tradeIn", tradeIn);
		qualification.put("financing", financing);
		qualification.put("contactPreference", contactPreference);
		return qualification;
	}

}
