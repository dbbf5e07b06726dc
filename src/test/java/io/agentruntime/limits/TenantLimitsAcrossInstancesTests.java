package io.agentruntime.limits;

import java.util.Map;

import io.agentruntime.support.Api;
import io.agentruntime.support.AppInstance;
import io.agentruntime.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-tenant limits hold across instances (DESIGN §3, §9): the shared test context and a
 * second application instance on the same PostgreSQL, requests alternating between them
 * like behind a load balancer.
 */
class TenantLimitsAcrossInstancesTests extends IntegrationTest {

	private static AppInstance second;

	@Autowired
	private TokenUsage tokens;

	@BeforeAll
	static void startSecondInstance() {
		second = AppInstance.onTestDatabase(Map.of());
	}

	@AfterAll
	static void stopSecondInstance() {
		second.close();
	}

	@Test
	void requestsPerMinuteHoldAcrossTwoInstancesWith429AndRetryAfter() {
		Tenant tenant = newTenant("Two Instance Motors");
		this.jdbc.sql("update clients set requests_per_minute = 4 where id = ?").param(tenant.clientId()).update();
		Api first = this.api;
		Api other = second.api();

		for (Api instance : new Api[] { first, other, first, other }) {
			assertThat(reply(instance, tenant).status()).isEqualTo(200);
		}
		Api.Response rejectedHere = reply(first, tenant);
		Api.Response rejectedThere = reply(other, tenant);

		for (Api.Response rejected : new Api.Response[] { rejectedHere, rejectedThere }) {
			assertThat(rejected.status()).isEqualTo(429);
			assertThat(rejected.contentType()).startsWith("application/problem+json");
			assertThat(rejected.json().get("type").asText()).endsWith("/rate-limited");
			assertThat(rejected.json().get("status").asInt()).isEqualTo(429);
			assertThat(Long.parseLong(rejected.header("Retry-After"))).isBetween(1L, 60L);
		}
		assertThat(LLM.calls()).as("rejected requests never reach the LLM").hasSize(4);
		Tenant neighbour = newTenant("Unaffected Neighbour Motors");
		assertThat(reply(other, neighbour).status()).as("limits are per tenant").isEqualTo(200);
	}

	@Test
	void dailyTokenBudgetHoldsAcrossTwoInstancesOnceTheyHaveSynchronised() {
		// Every simulated completion uses 120 prompt + 30 completion tokens.
		Tenant tenant = newTenant("Budget Motors");
		this.jdbc.sql("update clients set tokens_per_day = 300 where id = ?").param(tenant.clientId()).update();

		assertThat(reply(this.api, tenant).status()).isEqualTo(200);
		assertThat(reply(second.api(), tenant).status()).isEqualTo(200);
		// What the sync interval does in the background: this instance writes its
		// tokens, the other writes its own and reads back the total, this one reads it.
		this.tokens.sync();
		second.bean(TokenUsage.class).sync();
		this.tokens.sync();
		assertThat(this.jdbc.sql("select tokens from tenant_daily_tokens where client_id = ?")
			.param(tenant.clientId())
			.query(Long.class)
			.single()).as("one shared counter row per tenant and day").isEqualTo(300);
		Api.Response rejectedThere = reply(second.api(), tenant);
		Api.Response rejectedHere = reply(this.api, tenant);

		for (Api.Response rejected : new Api.Response[] { rejectedHere, rejectedThere }) {
			assertThat(rejected.status()).isEqualTo(429);
			assertThat(rejected.json().get("type").asText()).endsWith("/token-budget-exhausted");
			assertThat(Long.parseLong(rejected.header("Retry-After"))).as("until midnight UTC").isBetween(1L, 86_401L);
		}
		Api.Response encoded = this.api.post("/api/agent/%72eply", tenant.replyKey(),
				Map.of("message", "Any offers this week?"));
		assertThat(encoded.status()).as("an encoded path is the same endpoint and spends the same budget")
			.isEqualTo(429);
		assertThat(LLM.calls()).hasSize(2);
	}

	@Test
	void anInstanceSeesItsOwnTokensAtOnceWithoutWaitingForASync() {
		Tenant tenant = newTenant("Local Budget Motors");
		this.jdbc.sql("update clients set tokens_per_day = 150 where id = ?").param(tenant.clientId()).update();

		assertThat(reply(this.api, tenant).status()).isEqualTo(200);

		assertThat(reply(this.api, tenant).status()).isEqualTo(429);
	}

	@Test
	void aHigherRequestLimitIsServedLocallyAndOvershootsByAtMostFivePercentPerInstance() {
		// 40 a minute: each instance may take 2 requests (5 %) before it synchronises.
		Tenant tenant = newTenant("Busy Two Instance Motors");
		this.jdbc.sql("update clients set requests_per_minute = 40 where id = ?").param(tenant.clientId()).update();
		Api[] instances = { this.api, second.api() };

		long started = System.nanoTime();
		int accepted = 0;
		for (int i = 0; i < 60; i++) {
			int status = reply(instances[i % 2], tenant).status();
			assertThat(status).isIn(200, 429);
			accepted += (status == 200) ? 1 : 0;
		}
		// The bucket refills 40 a minute while the requests run (a slow machine takes
		// seconds for 60 replies).
		long refilled = (long) Math.ceil((System.nanoTime() - started) / 1e9 * 40 / 60);

		assertThat(accepted).as("the limit and its refill, plus at most 2 per instance")
			.isBetween(40, (int) (40 + refilled + 2 * 2));
		assertThat(LLM.calls()).hasSize(accepted);
	}

	@Test
	void clientOverrideOfZeroSwitchesTheRequestLimitOff() {
		Tenant tenant = newTenant("Unlimited Motors");
		this.jdbc.sql("update clients set requests_per_minute = 0 where id = ?").param(tenant.clientId()).update();

		for (int i = 0; i < 5; i++) {
			assertThat(reply((i % 2 == 0) ? this.api : second.api(), tenant).status()).isEqualTo(200);
		}
	}

	@Test
	void memoryIngestSpendsTheSameRequestLimitAndARejectedWriteQueuesNothing() {
		Tenant tenant = newTenant("Ingest Limited Motors");
		this.jdbc.sql("update clients set requests_per_minute = 2 where id = ?").param(tenant.clientId()).update();
		String rejectedNote = "Rejected note about a lilac Corvette";

		assertThat(reply(this.api, tenant).status()).isEqualTo(200);
		assertThat(second.api()
			.post("/api/agent/memory", tenant.replyKey(), Map.of("content", "Prefers weekends"))
			.status()).isEqualTo(202);
		Api.Response rejected = this.api.post("/api/agent/memory", tenant.replyKey(), Map.of("content", rejectedNote));

		assertThat(rejected.status()).isEqualTo(429);
		assertThat(rejected.json().get("type").asText()).endsWith("/rate-limited");
		assertThat(rejected.header("Retry-After")).isNotBlank();
		assertThat(this.jdbc.sql("select count(*) from memory_outbox where content = ?")
			.param(rejectedNote)
			.query(Long.class)
			.single()).isZero();
		assertThat(MEMORY.documents().values()).noneMatch(document -> document.content().contains(rejectedNote));
	}

	@Test
	void rejectionsAreCountedByLimit() {
		Tenant tenant = newTenant("Counted Motors");
		this.jdbc.sql("update clients set requests_per_minute = 1 where id = ?").param(tenant.clientId()).update();
		double before = rejected("requests");

		reply(this.api, tenant);
		reply(this.api, tenant);

		assertThat(rejected("requests")).isEqualTo(before + 1);
	}

	private double rejected(String limit) {
		String metrics = this.api.get("/actuator/prometheus", null).body();
		return metrics.lines()
			.filter(line -> line.startsWith("agent_ratelimit_rejected_total{")
					&& line.contains("limit=\"" + limit + "\""))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private static Api.Response reply(Api instance, Tenant tenant) {
		return instance.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Do you have a red F-150?"));
	}

}
