package io.agentruntime.ops;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.support.Api;
import io.agentruntime.support.AppInstance;
import io.agentruntime.support.IntegrationTest;
import io.agentruntime.support.OutageDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code GET /api/agent/health} and the actuator probes (DESIGN §3 Ops): cached, off the
 * request path, no tokens spent, DOWN (503) only without the database, and back UP on its
 * own.
 */
class HealthTests extends IntegrationTest {

	@Test
	void reportsEachCheckWithoutSecrets() {
		JsonNode health = awaitHealth(this.api, h -> !"UNKNOWN".equals(h.json().at("/checks/llm/status").asText()))
			.json();

		assertThat(health.get("status").asText()).isEqualTo("UP");
		for (String check : List.of("database", "memory", "llm")) {
			assertThat(health.at("/checks/" + check + "/status").asText()).isEqualTo("UP");
			assertThat(health.at("/checks/" + check).has("latencyMs")).isTrue();
			assertThat(health.at("/checks/" + check).has("detail")).isTrue();
		}
		assertThat(health.toString()).doesNotContain("sk-or-test", "sm_test_key", "jdbc:", "password");
	}

	@Test
	void aBurstOfProbesCausesAtMostOneUpstreamCheckPerIntervalAndSpendsNoTokens() throws Exception {
		awaitHealth(this.api, h -> !"UNKNOWN".equals(h.json().at("/checks/llm/status").asText()));
		int modelsBefore = LLM.modelsCalls();
		int memoryBefore = MEMORY.calls("GET", "/v3/documents/health-probe").size();

		List<Future<Integer>> statuses = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			for (int i = 0; i < 200; i++) {
				statuses.add(pool.submit(() -> this.api.get("/api/agent/health", null).status()));
			}
			for (Future<Integer> status : statuses) {
				assertThat(status.get()).isEqualTo(200);
			}
		}
		finally {
			pool.shutdownNow();
		}

		// The upstream interval is 15 s: a scheduled probe may fall inside the burst,
		// never more.
		assertThat(LLM.modelsCalls() - modelsBefore).isLessThanOrEqualTo(1);
		assertThat(MEMORY.calls("GET", "/v3/documents/health-probe").size() - memoryBefore).isLessThanOrEqualTo(1);
		assertThat(LLM.calls()).as("no completion, so no tokens").isEmpty();
		assertThat(MEMORY.calls("POST", "/v3/search")).isEmpty();
	}

	@Test
	void actuatorLivenessAndReadinessAnswerWithoutCredentials() {
		assertThat(this.api.get("/actuator/health/liveness", null).json().get("status").asText()).isEqualTo("UP");
		assertThat(this.api.get("/actuator/health/readiness", null).json().get("status").asText()).isEqualTo("UP");
	}

	/**
	 * A second instance on its own throwaway PostgreSQL, so that stopping that database
	 * leaves the shared one (and every other test) alone; it is restarted on the same
	 * port and data directory.
	 */
	@Test
	void goesDownWith503WhenTheDatabaseStopsAndComesBackUpOnItsOwn(@TempDir Path dataDirectory) throws Exception {
		OutageDatabase database = OutageDatabase.start(dataDirectory);
		try (AppInstance instance = database.startInstance()) {
			Api api = instance.api();
			awaitHealth(api, h -> h.status() == 200 && "UP".equals(h.json().at("/checks/database/status").asText()));
			String key = database.tenantWithKey("Outage Motors");

			database.stop();
			Api.Response down = awaitHealth(api, h -> h.status() == 503);
			assertThat(down.json().get("status").asText()).isEqualTo("DOWN");
			assertThat(down.json().at("/checks/database/status").asText()).isEqualTo("DOWN");
			assertThat(api.get("/actuator/health/liveness", null).status()).as("no restart for an outage")
				.isEqualTo(200);
			long started = System.nanoTime();
			Api.Response reply = api.post("/api/agent/reply", key, Map.of("message", "Anyone there?"));
			assertThat(reply.status()).isEqualTo(503);
			assertThat(reply.contentType()).startsWith("application/problem+json");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));

			database.restart();
			Api.Response up = awaitHealth(api, h -> h.status() == 200);
			assertThat(up.json().at("/checks/database/status").asText()).isEqualTo("UP");
		}
		finally {
			database.close();
		}
	}

	/** Polls the health endpoint until it matches, for at most 20 s. */
	private static Api.Response awaitHealth(Api api, Predicate<Api.Response> condition) {
		long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		Api.Response last = null;
		while (System.nanoTime() < until) {
			last = api.get("/api/agent/health", null);
			if (condition.test(last)) {
				return last;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return fail("health never matched; last: " + ((last != null) ? last.status() + " " + last.body() : "none"));
	}

}
