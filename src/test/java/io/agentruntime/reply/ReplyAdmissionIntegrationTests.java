package io.agentruntime.reply;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.agentruntime.support.Api;
import io.agentruntime.support.FakeLlm;
import io.agentruntime.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission control of {@code POST /api/agent/reply} ({@code agent.reply.max-in-flight},
 * 4 in the test context): replies beyond the limit are turned away at once with a 503
 * problem and {@code Retry-After}, and the permits come back when the replies finish.
 */
class ReplyAdmissionIntegrationTests extends IntegrationTest {

	@Autowired
	private DataSource dataSource;

	private static final int MAX_IN_FLIGHT = 4;

	@Test
	void answers503WithRetryAfterWhileTheInstanceIsFullAndAdmitsAgainAfterwards() throws Exception {
		Tenant tenant = newTenant("Lakeside Chevrolet");
		FakeLlm.Gate gate = LLM.hold();
		ExecutorService callers = Executors.newFixedThreadPool(MAX_IN_FLIGHT);
		try {
			List<Future<Api.Response>> held = fillTheInstance(callers, gate, tenant,
					Map.of("message", "Do you have a used Tahoe?"));

			Api.Response rejected = this.api.post("/api/agent/reply", tenant.replyKey(),
					Map.of("message", "And a Silverado?"));

			assertThat(rejected.status()).isEqualTo(503);
			assertThat(rejected.contentType()).startsWith("application/problem+json");
			assertThat(rejected.header("Retry-After")).isEqualTo("1");
			assertThat(rejected.json().get("type").asText()).isEqualTo("https://agent-runtime.dev/problems/overloaded");
			assertThat(rejected.json().get("status").asInt()).isEqualTo(503);
			assertThat(rejected.body()).doesNotContain("Silverado");
			assertThat(rejected.header("X-Request-Id")).isNotBlank();
			// Turned away ahead of the security chain: not even the key is looked up in
			// the database.
			assertThat(
					this.api.post("/api/agent/reply", "ark_not_a_key_of_anyone", Map.of("message", "Hello?")).status())
				.isEqualTo(503);
			assertThat(this.api.post("/api/agent/%72eply", tenant.replyKey(), Map.of("message", "Hello?")).status())
				.as("an encoded path reaches the same handler, so it counts too")
				.isEqualTo(503);

			gate.open();
			for (Future<Api.Response> reply : held) {
				assertThat(reply.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
			}
			Api.Response admitted = this.api.post("/api/agent/reply", tenant.replyKey(),
					Map.of("message", "And a Silverado?"));
			assertThat(admitted.status()).isEqualTo(200);
			assertThat(admitted.json().get("degraded").asBoolean()).isFalse();
		}
		finally {
			gate.open();
			callers.shutdownNow();
		}
	}

	@Test
	void repliesAnsweredFromThreadsOfTheirOwnCountOnceAgainstTheTenantsRequestLimit() throws Exception {
		// Of four replies in flight at least the last to arrive runs on a thread of its
		// own (ReplyThreads: inline up to half of max-in-flight); its answer is written
		// by
		// a second, async dispatch, which must not spend the tenant's requests again.
		Tenant tenant = newTenant("Ridgeline Subaru");
		assertThat(this.api
			.patch("/api/admin/clients/" + tenant.clientId(), PLATFORM_KEY, Map.of("requestsPerMinute", MAX_IN_FLIGHT))
			.status()).isEqualTo(200);
		FakeLlm.Gate gate = LLM.hold();
		ExecutorService callers = Executors.newFixedThreadPool(MAX_IN_FLIGHT);
		try {
			List<Future<Api.Response>> held = fillTheInstance(callers, gate, tenant,
					Map.of("message", "Is the Outback in stock?"));
			gate.open();
			for (Future<Api.Response> reply : held) {
				assertThat(reply.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
			}
			assertThat(
					this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "And a Forester?")).status())
				.as("the fifth request of the minute")
				.isEqualTo(429);
		}
		finally {
			gate.open();
			callers.shutdownNow();
		}
	}

	@Test
	void rejectedRepliesLeaveNoAuditRow() throws Exception {
		Tenant tenant = newTenant("Hilltop Kia");
		FakeLlm.Gate gate = LLM.hold();
		ExecutorService callers = Executors.newFixedThreadPool(MAX_IN_FLIGHT);
		try {
			List<Future<Api.Response>> held = fillTheInstance(callers, gate, tenant,
					Map.of("message", "Is the Sorento in stock?", "conversationId", "conv-admission"));
			assertThat(this.api
				.post("/api/agent/reply", tenant.replyKey(),
						Map.of("message", "Hello?", "conversationId", "conv-admission"))
				.status()).isEqualTo(503);
			gate.open();
			for (Future<Api.Response> reply : held) {
				reply.get(10, TimeUnit.SECONDS);
			}

			Integer rows = this.jdbc.sql("select count(*) from agent_exchange where client_id = ?")
				.param(tenant.clientId())
				.query(Integer.class)
				.single();
			assertThat(rows).isEqualTo(MAX_IN_FLIGHT);
		}
		finally {
			gate.open();
			callers.shutdownNow();
		}
	}

	@Test
	void answers503BusyNotOutageWhileEveryDatabaseConnectionIsTaken() throws Exception {
		Tenant tenant = newTenant("Harbor Hyundai");
		HikariDataSource pool = (HikariDataSource) this.dataSource;
		List<Connection> taken = new ArrayList<>();
		try {
			for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
				taken.add(pool.getConnection());
			}

			Api.Response busy = this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Any Tucsons?"));

			assertThat(busy.status()).isEqualTo(503);
			assertThat(busy.header("Retry-After")).isEqualTo("1");
			assertThat(busy.json().get("type").asText()).isEqualTo("https://agent-runtime.dev/problems/overloaded");
		}
		finally {
			for (Connection connection : taken) {
				connection.close();
			}
		}
		assertThat(this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Any Tucsons?")).status())
			.isEqualTo(200);
	}

	/**
	 * Sends as many replies as the instance admits and waits until all of them hold an
	 * LLM call.
	 */
	private List<Future<Api.Response>> fillTheInstance(ExecutorService callers, FakeLlm.Gate gate, Tenant tenant,
			Map<String, Object> body) throws InterruptedException {
		List<Future<Api.Response>> held = new ArrayList<>();
		for (int i = 0; i < MAX_IN_FLIGHT; i++) {
			held.add(callers.submit(() -> this.api.post("/api/agent/reply", tenant.replyKey(), body)));
		}
		assertThat(gate.awaitHeld(MAX_IN_FLIGHT, Duration.ofSeconds(10))).as("replies waiting on the LLM").isTrue();
		return held;
	}

}
