package io.agentruntime.lead;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.agentruntime.support.Api;
import io.agentruntime.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reply writing about a lead and an erasure of that lead at the same moment, whichever
 * gets to the lead first: the reply's one statement (DESIGN §15) neither keeps the text
 * of an erased lead nor queues a memory write for it (DESIGN §3, §5). Each test holds a
 * row the other side needs in a transaction of its own, so both really are in flight
 * together; any way of guarding the lead (a row lock, an advisory lock) must pass them.
 */
class LeadErasureRaceIntegrationTests extends IntegrationTest {

	@Autowired
	DataSource dataSource;

	@Test
	void aReplyWrittenWhileTheLeadIsBeingErasedKeepsNoTextAndQueuesNoMemoryWrite() throws Exception {
		Tenant tenant = newTenant("Erasure Race Motors");
		lead(tenant.clientId(), "lead-racing", "racing.lead@example.com");
		Api.Response first = reply(tenant, "Is the Tacoma still there?", "conv-racing", "lead-racing");
		ExecutorService callers = Executors.newFixedThreadPool(2);
		try (Connection holder = this.dataSource.getConnection()) {
			// The erasure stops at the lead's first exchange, after it deleted the lead.
			holder.setAutoCommit(false);
			hold(holder, "select 1 from agent_exchange where id = ?::uuid for update",
					first.json().get("exchangeId").asText());
			Future<Api.Response> erasure = callers
				.submit(() -> this.api.delete("/api/agent/leads/lead-racing", tenant.replyKey()));
			awaitWaiting(1);
			Future<Api.Response> reply = callers.submit(() -> this.api.post(Api.REPLY_PATH, tenant.replyKey(), Map
				.of("message", "Call me at 555-0199", "conversationId", "conv-racing", "leadId", "lead-racing")));
			awaitWaiting(2);

			holder.commit();

			assertThat(erasure.get(10, TimeUnit.SECONDS).status()).isEqualTo(204);
			Api.Response answered = reply.get(10, TimeUnit.SECONDS);
			assertThat(answered.status()).as(answered.body()).isEqualTo(200);
			assertKeptNothingOf(tenant, answered);
		}
		finally {
			callers.shutdownNow();
		}
	}

	@Test
	void anErasureWhileAReplyIsBeingWrittenErasesWhatTheReplyWrote() throws Exception {
		Tenant tenant = newTenant("Erasure Waits Motors");
		lead(tenant.clientId(), "lead-waited", "waited.lead@example.com");
		reply(tenant, "Do you have a blue Corolla?", "conv-waited", "lead-waited");
		ExecutorService callers = Executors.newFixedThreadPool(2);
		try (Connection holder = this.dataSource.getConnection()) {
			// The reply's one statement stops at the conversation's row, after it read
			// the lead.
			holder.setAutoCommit(false);
			hold(holder, "select 1 from conversation where client_id = ?::uuid and conversation_id = 'conv-waited'"
					+ " for update", tenant.clientId().toString());
			Future<Api.Response> reply = callers.submit(() -> this.api.post(Api.REPLY_PATH, tenant.replyKey(), Map
				.of("message", "Write to me at home", "conversationId", "conv-waited", "leadId", "lead-waited")));
			awaitWaiting(1);
			Future<Api.Response> erasure = callers
				.submit(() -> this.api.delete("/api/agent/leads/lead-waited", tenant.replyKey()));
			awaitWaiting(2);

			holder.commit();

			Api.Response answered = reply.get(10, TimeUnit.SECONDS);
			assertThat(answered.status()).as(answered.body()).isEqualTo(200);
			assertThat(erasure.get(10, TimeUnit.SECONDS).status()).isEqualTo(204);
			assertKeptNothingOf(tenant, answered);
		}
		finally {
			callers.shutdownNow();
		}
	}

	private void assertKeptNothingOf(Tenant tenant, Api.Response answered) {
		String exchangeId = answered.json().get("exchangeId").asText();
		Map<String, Object> row = this.jdbc.sql("select message, reply from agent_exchange where id = ?::uuid")
			.param(exchangeId)
			.query()
			.singleRow();
		assertThat(row.get("message")).isNull();
		assertThat(row.get("reply")).isNull();
		assertThat(this.jdbc
			.sql("select count(*) from memory_outbox where custom_id = ? and (status <> 'erased' or content <> '')")
			.param("ex_" + exchangeId)
			.query(Long.class)
			.single()).isZero();
		// A later write of the tenant is delivered, the erased one is not in the store.
		Api.Response later = reply(tenant, "Anyone there?", "conv-after-erasure", null);
		String laterId = "ex_" + later.json().get("exchangeId").asText();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> MEMORY.deliveredCustomIds(tenant.clientId()).contains(laterId));
		assertThat(MEMORY.documents().values())
			.noneMatch((document) -> ("ex_" + exchangeId).equals(document.customId()));
	}

	private static void hold(Connection connection, String sql, String parameter) throws Exception {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, parameter);
			assertThat(statement.executeQuery().next()).isTrue();
		}
	}

	/** Waits until this many sessions of the test database wait for a lock. */
	private void awaitWaiting(int sessions) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.sql(
					"select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")
				.query(Long.class)
				.single() >= sessions);
	}

	private Api.Response reply(Tenant tenant, String message, String conversationId, String leadId) {
		Map<String, Object> body = new HashMap<>();
		body.put("message", message);
		body.put("conversationId", conversationId);
		if (leadId != null) {
			body.put("leadId", leadId);
		}
		Api.Response response = this.api.post(Api.REPLY_PATH, tenant.replyKey(), body);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response;
	}

}
