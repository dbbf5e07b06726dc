package io.agentruntime.conversation;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.agentruntime.support.Api;
import io.agentruntime.support.FakeLlm;
import io.agentruntime.support.IntegrationTest;
import io.agentruntime.support.Ledger;
import io.agentruntime.support.StatementLog;
import io.agentruntime.tenant.TenantChanges;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reply's audit row, memory write and conversation change are written in one statement
 * without a transaction when the conversation is as the reply opened it, and through the
 * transactional path when it is not (DESIGN §15), counted at the JDBC driver
 * ({@link StatementLog}).
 */
class ConversationWriteIntegrationTests extends IntegrationTest {

	@Autowired
	private TenantChanges changes;

	private StatementLog.Recording statements;

	@BeforeEach
	void record() {
		this.statements = StatementLog.start();
	}

	@AfterEach
	void stopRecording() {
		this.statements.close();
	}

	@Test
	void anAnsweredTurnIsWrittenInOneStatement() {
		Tenant tenant = newTenant("One Statement Motors");
		lead(tenant.clientId(), "lead-one", "one.statement@example.com");
		reply(tenant, "Is the red F-150 still available?", "conv-one", "lead-one");

		Api.Response second = reply(tenant, "Can I see it on Saturday?", "conv-one", "lead-one");

		List<StatementLog.Executed> executed = executed(second);
		List<StatementLog.Executed> writes = executed.stream().filter(StatementLog.Executed::writes).toList();
		assertThat(writes).hasSize(1);
		assertThat(writes.get(0).sql()).contains("update conversation", "insert into conversation_event",
				"insert into agent_exchange", "insert into memory_outbox", "from leads");
		assertNoTransaction(executed);
		assertThat(second.json().get("conversationState").asText()).isEqualTo("ai");
		assertThat(events(tenant, "conv-one")).containsExactly("message.lead", "message.agent", "message.lead",
				"message.agent");
		assertThat(this.jdbc.sql("select version from conversation where client_id = ? and conversation_id = ?")
			.params(tenant.clientId(), "conv-one")
			.query(Long.class)
			.single()).isEqualTo(2);
		String exchangeId = second.json().get("exchangeId").asText();
		assertThat(text(exchangeId)).isEqualTo("Can I see it on Saturday?");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> MEMORY.deliveredCustomIds(tenant.clientId()).contains("ex_" + exchangeId));
		print("Statements of an answered turn of an existing conversation (", executed);
	}

	@Test
	void aNewConversationsFirstTurnIsWrittenInOneStatement() {
		Tenant tenant = newTenant("First Turn Motors");
		LLM.enqueue(FakeLlm.reply("Sure, I can get you a person.", "Talk to sales"));

		Api.Response first = reply(tenant, "Can I talk to a real person?", "conv-first", null);

		List<StatementLog.Executed> executed = executed(first);
		List<StatementLog.Executed> writes = executed.stream().filter(StatementLog.Executed::writes).toList();
		assertThat(writes).hasSize(1);
		assertThat(writes.get(0).sql()).contains("insert into conversation ", "insert into conversation_event",
				"insert into agent_exchange", "insert into memory_outbox");
		assertNoTransaction(executed);
		assertThat(first.json().get("conversationState").asText()).isEqualTo("handoff");
		assertThat(first.json().get("handoff").get("reason").asText()).isEqualTo("wants_human");
		assertThat(events(tenant, "conv-first")).containsExactly("message.lead", "message.agent", "state.changed",
				"handoff.requested");
		assertThat(this.jdbc.sql("""
				select concat_ws('|', state, handoff_reason, version) from conversation
				where client_id = ? and conversation_id = ?
				""").params(tenant.clientId(), "conv-first").query(String.class).single())
			.isEqualTo("handoff|wants_human|1");
		print("Statements of a new conversation's first turn (", executed);
	}

	@Test
	void aReplyWithoutAConversationIsWrittenInOneStatement() {
		Tenant tenant = newTenant("No Conversation Motors");
		lead(tenant.clientId(), "lead-solo", "solo@example.com");

		Api.Response answered = reply(tenant, "What are your opening hours?", null, "lead-solo");

		List<StatementLog.Executed> executed = executed(answered);
		List<StatementLog.Executed> writes = executed.stream().filter(StatementLog.Executed::writes).toList();
		assertThat(writes).hasSize(1);
		assertThat(writes.get(0).sql()).contains("insert into agent_exchange", "insert into memory_outbox",
				"from leads");
		assertNoTransaction(executed);
		assertThat(text(answered.json().get("exchangeId").asText())).isEqualTo("What are your opening hours?");
		print("Statements of a reply without a conversation (", executed);
	}

	@Test
	void aContinuingConversationIsReadWithItsHistoryInOneStatementThatSkipsOlderDays() {
		Tenant tenant = newTenant("One Read Motors");
		// The new tenant's rows are in the change feed: read now, so that the background
		// poll cannot evict between the two replies what the first one cached.
		assertThat(this.changes.poll()).isTrue();
		reply(tenant, "Do you have a blue Corolla?", "conv-read", null);
		LLM.reset();

		Api.Response second = reply(tenant, "What does it cost?", "conv-read", null);

		List<StatementLog.Executed> reads = executed(second).stream().filter((each) -> !each.writes()).toList();
		assertThat(reads).hasSize(1);
		assertThat(LLM.calls().get(0).body().toString()).contains("Do you have a blue Corolla?");
		String yesterday = "agent_exchange_p"
				+ DateTimeFormatter.BASIC_ISO_DATE.format(LocalDate.now(ZoneOffset.UTC).minusDays(1));
		List<String> plan = this.jdbc.sql("explain (analyze, costs off, timing off, summary off) " + reads.get(0).sql())
			.params(tenant.clientId(), "conv-read")
			.query(String.class)
			.list();
		assertThat(plan).as(String.join("\n", plan))
			.filteredOn((line) -> line.contains(yesterday))
			.isNotEmpty()
			.allMatch((line) -> line.contains("never executed"));
		// Nor the empty partitions made days ahead: pruned before execution.
		String dayAfterTomorrow = "agent_exchange_p"
				+ DateTimeFormatter.BASIC_ISO_DATE.format(LocalDate.now(ZoneOffset.UTC).plusDays(2));
		assertThat(plan).as(String.join("\n", plan))
			.filteredOn((line) -> line.contains(dayAfterTomorrow))
			.allMatch((line) -> line.contains("never executed"));
		assertThat(plan).anyMatch((line) -> line.contains("Subplans Removed"));
	}

	@Test
	void aContinuingConversationsReadIsPlannedOverRecentDaysOnly() {
		Tenant tenant = newTenant("Recent Days Motors");
		assertThat(this.changes.poll()).isTrue();
		reply(tenant, "Do you have a grey Tundra?", "conv-recent", null);

		Api.Response second = reply(tenant, "Is it four-wheel drive?", "conv-recent", null);

		// Every partition in the plan is planned again by every connection whenever
		// autovacuum analyses one of them; the partitions days ahead and the default one
		// stay out of it altogether.
		String read = executed(second).stream().filter((each) -> !each.writes()).findFirst().orElseThrow().sql();
		List<String> plan = this.jdbc.sql("explain (costs off) " + read)
			.params(tenant.clientId(), "conv-recent")
			.query(String.class)
			.list();
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		assertThat(plan).as(String.join("\n", plan))
			.anyMatch((line) -> line.contains(partition(today)))
			.noneMatch((line) -> line.contains(partition(today.plusDays(3))))
			.noneMatch((line) -> line.contains(partition(today.minusDays(2))))
			.noneMatch((line) -> line.contains("agent_exchange_default"));
	}

	@Test
	void aLeadBackAfterDaysIsAnsweredWithTheConversationsEarlierTurns() {
		Tenant tenant = newTenant("Days Later Motors");
		Ledger.offLedger(tenant.clientId(), "its first exchange is inserted directly, not made through Api");
		this.jdbc.sql("""
				insert into conversation (client_id, conversation_id, state, last_message_at, created_at, updated_at)
				values (?, 'conv-days', 'ai', now() - interval '5 days', now() - interval '5 days',
				        now() - interval '5 days')""").params(tenant.clientId()).update();
		this.jdbc.sql("""
				insert into agent_exchange (id, client_id, conversation_id, message, reply, latency_ms, created_at)
				values (gen_random_uuid(), ?, 'conv-days', 'Do you still have the white Tacoma?',
				        'We do, it is on the lot.', 900, now() - interval '5 days')""")
			.params(tenant.clientId())
			.update();
		LLM.reset();

		reply(tenant, "Great, can I see it tomorrow?", "conv-days", null);

		assertThat(LLM.calls().get(0).body().toString()).contains("Do you still have the white Tacoma?")
			.contains("We do, it is on the lot.");
	}

	private static String partition(LocalDate day) {
		return "agent_exchange_p" + DateTimeFormatter.BASIC_ISO_DATE.format(day);
	}

	@Test
	void aTurnWhoseConversationStaffTookOverMeanwhileFallsBackAndStaysHuman() throws Exception {
		Tenant tenant = newTenant("Takeover Race Motors");
		reply(tenant, "Do you have the Civic in blue?", "conv-race", null);
		FakeLlm.Gate gate = LLM.hold();
		ExecutorService caller = Executors.newSingleThreadExecutor();
		try {
			Future<Api.Response> reply = caller.submit(() -> this.api.post(Api.REPLY_PATH, tenant.replyKey(),
					Map.of("message", "And what about the price?", "conversationId", "conv-race")));
			assertThat(gate.awaitHeld(1, Duration.ofSeconds(10))).isTrue();

			Api.Response takeover = this.api.post("/api/agent/conversations/conv-race/takeover", tenant.replyKey(),
					Map.of("assignee", "dana"));
			gate.open();
			Api.Response answered = reply.get(10, TimeUnit.SECONDS);

			assertThat(takeover.status()).isEqualTo(200);
			assertThat(answered.status()).as(answered.body()).isEqualTo(200);
			assertThat(answered.json().get("conversationState").asText()).isEqualTo("human");
			List<StatementLog.Executed> executed = executed(answered);
			assertThat(executed.stream().filter(StatementLog.Executed::ends).map(StatementLog.Executed::sql))
				.as("the one statement wrote nothing, the transactional path did")
				.containsExactly("COMMIT");
			assertThat(this.jdbc
				.sql("select count(*) from agent_exchange where client_id = ? and conversation_id = 'conv-race'")
				.param(tenant.clientId())
				.query(Long.class)
				.single()).isEqualTo(2);
			assertThat(text(answered.json().get("exchangeId").asText())).isEqualTo("And what about the price?");
			assertThat(this.jdbc.sql("""
					select concat_ws('|', state, assignee, version) from conversation
					where client_id = ? and conversation_id = 'conv-race'
					""").param(tenant.clientId()).query(String.class).single()).isEqualTo("human|dana|3");
			assertThat(events(tenant, "conv-race")).containsExactly("message.lead", "message.agent", "state.changed",
					"message.lead", "message.agent");
		}
		finally {
			gate.open();
			caller.shutdownNow();
		}
	}

	@Test
	void aLeadErasedWhileTheTurnIsAnsweredKeepsNoTextAndQueuesNoMemoryWrite() throws Exception {
		Tenant tenant = newTenant("Erased Turn Motors");
		this.api.put("/api/agent/leads/lead-gone", tenant.replyKey(), Map.of("email", "gone.soon@example.com"));
		reply(tenant, "I'm interested in the Tacoma", "conv-gone", "lead-gone");
		FakeLlm.Gate gate = LLM.hold();
		ExecutorService caller = Executors.newSingleThreadExecutor();
		try {
			Future<Api.Response> reply = caller.submit(() -> this.api.post(Api.REPLY_PATH, tenant.replyKey(),
					Map.of("message", "Call me at 555-0142", "conversationId", "conv-gone", "leadId", "lead-gone")));
			assertThat(gate.awaitHeld(1, Duration.ofSeconds(10))).isTrue();

			assertThat(this.api.delete("/api/agent/leads/lead-gone", tenant.replyKey()).status()).isEqualTo(204);
			gate.open();
			Api.Response answered = reply.get(10, TimeUnit.SECONDS);

			assertThat(answered.status()).as(answered.body()).isEqualTo(200);
			List<StatementLog.Executed> executed = executed(answered);
			assertThat(executed.stream().filter(StatementLog.Executed::writes)).hasSize(1);
			assertNoTransaction(executed);
			String exchangeId = answered.json().get("exchangeId").asText();
			Map<String, Object> row = this.jdbc.sql("select message, reply from agent_exchange where id = ?::uuid")
				.param(exchangeId)
				.query()
				.singleRow();
			assertThat(row.get("message")).isNull();
			assertThat(row.get("reply")).isNull();
			assertThat(this.jdbc.sql("select count(*) from memory_outbox where custom_id = ?")
				.param("ex_" + exchangeId)
				.query(Long.class)
				.single()).isZero();
			assertThat(events(tenant, "conv-gone")).containsExactly("message.lead", "message.agent", "message.lead",
					"message.agent");
			// A later write of the tenant is delivered: the worker has passed the erased
			// turn, which it never delivered.
			Api.Response later = reply(tenant, "Anyone there?", "conv-later", null);
			String laterId = "ex_" + later.json().get("exchangeId").asText();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> MEMORY.deliveredCustomIds(tenant.clientId()).contains(laterId));
			assertThat(MEMORY.deliveredCustomIds(tenant.clientId())).doesNotContain("ex_" + exchangeId);
		}
		finally {
			gate.open();
			caller.shutdownNow();
		}
	}

	@Test
	void aLeadWhoseEmailChangedWhileTheTurnIsAnsweredIsRememberedUnderItsNewEmail() throws Exception {
		Tenant tenant = newTenant("Changed Email Motors");
		this.api.put("/api/agent/leads/lead-moved", tenant.replyKey(), Map.of("email", "old.address@example.com"));
		Api.Response before = reply(tenant, "Hello, it's me", "conv-moved", "lead-moved");
		FakeLlm.Gate gate = LLM.hold();
		ExecutorService caller = Executors.newSingleThreadExecutor();
		try {
			Future<Api.Response> reply = caller
				.submit(() -> this.api.post(Api.REPLY_PATH, tenant.replyKey(), Map.of("message",
						"Please write to my new address", "conversationId", "conv-moved", "leadId", "lead-moved")));
			assertThat(gate.awaitHeld(1, Duration.ofSeconds(10))).isTrue();

			assertThat(this.api
				.put("/api/agent/leads/lead-moved", tenant.replyKey(), Map.of("email", "new.address@example.com"))
				.status()).isEqualTo(200);
			gate.open();
			Api.Response answered = reply.get(10, TimeUnit.SECONDS);

			assertThat(answered.status()).as(answered.body()).isEqualTo(200);
			assertThat(executed(answered).stream().filter(StatementLog.Executed::ends).map(StatementLog.Executed::sql))
				.containsExactly("COMMIT");
			String exchangeId = answered.json().get("exchangeId").asText();
			assertThat(text(exchangeId)).isEqualTo("Please write to my new address");
			assertThat(events(tenant, "conv-moved")).containsExactly("message.lead", "message.agent", "message.lead",
					"message.agent");
			// The write is under the new e-mail's lead scope, as every later one.
			Api.Response after = reply(tenant, "Did you get it?", "conv-moved", "lead-moved");
			assertThat(tags(tenant, after)).isEqualTo(tags(tenant, answered)).isNotEqualTo(tags(tenant, before));
		}
		finally {
			gate.open();
			caller.shutdownNow();
		}
	}

	private static List<String> tags(Tenant tenant, Api.Response reply) {
		String customId = "ex_" + reply.json().get("exchangeId").asText();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> MEMORY.deliveredCustomIds(tenant.clientId()).contains(customId));
		return MEMORY.added()
			.stream()
			.filter((document) -> customId.equals(document.customId()))
			.findFirst()
			.orElseThrow()
			.tags();
	}

	private Api.Response reply(Tenant tenant, String message, String conversationId, String leadId) {
		Map<String, Object> body = new HashMap<>();
		body.put("message", message);
		if (conversationId != null) {
			body.put("conversationId", conversationId);
		}
		if (leadId != null) {
			body.put("leadId", leadId);
		}
		Api.Response response = this.api.post(Api.REPLY_PATH, tenant.replyKey(), body);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response;
	}

	/**
	 * What the reply sent to PostgreSQL for its lead, conversation, audit row and memory
	 * write: the tenant's key, client and config look-ups (cached, so on a tenant's first
	 * request only) and the rate limiter's occasional synchronisation left out.
	 */
	private List<StatementLog.Executed> executed(Api.Response response) {
		return StatementLog.excluding(this.statements.of(response.header("X-Request-Id")), "api_keys", "clients",
				"ai_agent_config", "rate_limit_bucket", "tenant_daily_tokens");
	}

	/**
	 * The round trips of a reply, one line each, for the notes of docs/notes/15-write.md.
	 */
	private static void print(String what, List<StatementLog.Executed> executed) {
		StringBuilder lines = new StringBuilder(what + executed.size() + " round trips):");
		executed.forEach((each) -> lines.append("\n  ").append(abbreviated(each.toString())));
		System.out.println(lines);
	}

	private static String abbreviated(String sql) {
		return (sql.length() > 100) ? sql.substring(0, 100) + "…" : sql;
	}

	private static void assertNoTransaction(List<StatementLog.Executed> executed) {
		assertThat(executed).isNotEmpty();
		assertThat(executed).noneMatch(StatementLog.Executed::inTransaction);
		assertThat(executed).noneMatch(StatementLog.Executed::ends);
	}

	private String text(String exchangeId) {
		return this.jdbc.sql("select message from agent_exchange where id = ?::uuid")
			.param(exchangeId)
			.query(String.class)
			.single();
	}

	private List<String> events(Tenant tenant, String conversationId) {
		return this.jdbc
			.sql("select type from conversation_event where client_id = ? and conversation_id = ? order by id")
			.params(tenant.clientId(), conversationId)
			.query(String.class)
			.list();
	}

}
