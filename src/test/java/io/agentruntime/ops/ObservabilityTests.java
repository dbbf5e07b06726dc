package io.agentruntime.ops;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.support.Api;
import io.agentruntime.support.FakeLlm;
import io.agentruntime.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.ObservationFilterChainDecorator;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Metrics and logs as DESIGN §7 names them: after traffic every metric is on
 * {@code /actuator/prometheus} with bounded labels only, and each exchange leaves exactly
 * one structured log line with nothing personal in it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityTests extends IntegrationTest {

	@Autowired
	private FilterChainProxy securityFilterChain;

	@Test
	void runsSpringSecuritysFiltersWithoutAnObservationAroundEachOne() {
		Object decorator = ReflectionTestUtils.getField(this.securityFilterChain, "filterChainDecorator");

		assertThat(decorator).isNotNull().isNotInstanceOf(ObservationFilterChainDecorator.class);
	}

	/** Label names our own metrics may carry; each has a small, fixed set of values. */
	private static final Set<String> BOUNDED_LABELS = Set.of("outcome", "reason", "limit", "le", "quantile",
			"gen_ai_operation_name", "gen_ai_provider_name", "gen_ai_request_model", "gen_ai_response_model",
			"gen_ai_token_type", "error_type", "result", "kind", "state", "name", "type", "status", "exception",
			"application");

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? .*$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Pattern UUID_LIKE = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	@Test
	void afterTrafficPrometheusShowsEveryDesignMetricWithBoundedLabelsOnly() throws IOException {
		Tenant tenant = newTenant("Metrics Motors");
		this.jdbc.sql("update clients set requests_per_minute = 2 where id = ?").param(tenant.clientId()).update();
		lead(tenant.clientId(), "lead-metrics-1", "metrics.lead@example.com");
		assertThat(reply(tenant, "lead-metrics-1", "conv-metrics-1").status()).isEqualTo(200);
		LLM.enqueue(FakeLlm.completionText("openai/gpt-4o-mini", "not json at all", "stop"),
				FakeLlm.completionText("openai/gpt-4o-mini", "still not json", "stop"),
				FakeLlm.completionText("openai/gpt-4o-mini", "never json", "stop"));
		assertThat(reply(tenant, "lead-metrics-1", "conv-metrics-1").json().get("degradedReasons").toString())
			.contains("llm_invalid_output");
		assertThat(reply(tenant, null, null).status()).isEqualTo(429);

		// jvm_gc_pause_* exist once the JVM has collected: alone, this test may run
		// first.
		System.gc();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.api.get("/actuator/prometheus", null).body().contains("jvm_gc_pause_seconds_sum"));
		String metrics = this.api.get("/actuator/prometheus", null).body();

		assertThat(metrics).containsPattern("(?m)^agent_reply_seconds_count\\{[^}]*outcome=\"ok\"")
			.containsPattern("(?m)^agent_reply_seconds_count\\{[^}]*outcome=\"degraded\"")
			.containsPattern("(?m)^agent_reply_seconds_bucket\\{")
			.containsPattern("(?m)^agent_memory_recall_seconds_count")
			.containsPattern("(?m)^agent_fallback_total\\{[^}]*reason=\"llm_invalid_output\"")
			.containsPattern("(?m)^agent_ratelimit_rejected_total\\{[^}]*limit=\"requests\"")
			.containsPattern("(?m)^agent_ratelimit_rejected_total\\{[^}]*limit=\"tokens\"")
			.containsPattern(
					"(?m)^gen_ai_client_operation_duration_seconds_count\\{[^}]*gen_ai_operation_name=\"chat\"")
			.containsPattern("(?m)^gen_ai_client_token_usage_sum\\{[^}]*gen_ai_token_type=\"input\"")
			.containsPattern("(?m)^gen_ai_client_token_usage_sum\\{[^}]*gen_ai_token_type=\"output\"")
			.containsPattern("(?m)^resilience4j_circuitbreaker_state\\{[^}]*name=\"llm-")
			.containsPattern("(?m)^resilience4j_bulkhead_available_concurrent_calls\\{[^}]*name=\"llm\"")
			.containsPattern("(?m)^agent_memory_outbox_total\\{[^}]*result=\"delivered\"")
			.containsPattern("(?m)^agent_memory_outbox_total\\{[^}]*result=\"dead\"")
			.containsPattern("(?m)^agent_memory_outbox_pending ")
			.containsPattern("(?m)^resilience4j_bulkhead_available_concurrent_calls\\{[^}]*name=\"reply\"")
			.containsPattern("(?m)^http_server_requests_seconds_count\\{")
			// Spring Security's per-filter observations are off (issue 8: their cost on
			// every request).
			.doesNotContain("spring_security_filterchains");
		assertThat(dashboardMetrics()).as("every metric the Grafana dashboard queries is in a real scrape")
			.allSatisfy(metric -> assertThat(metrics).containsPattern("(?m)^" + metric + "[{ ]"));
		List<String> unbounded = new ArrayList<>();
		for (String line : metrics.lines().toList()) {
			Matcher sample = SAMPLE.matcher(line);
			if (line.startsWith("#") || !sample.matches() || sample.group(3) == null) {
				continue;
			}
			String name = sample.group(1);
			if (!(name.startsWith("agent_") || name.startsWith("gen_ai_") || name.startsWith("resilience4j_"))) {
				continue;
			}
			Matcher label = LABEL.matcher(sample.group(3));
			while (label.find()) {
				if (!BOUNDED_LABELS.contains(label.group(1)) || UUID_LIKE.matcher(label.group(2)).find()
						|| label.group(2).contains("lead-metrics") || label.group(2).contains("conv-metrics")
						|| label.group(2).contains("@")) {
					unbounded.add(line);
				}
			}
		}
		assertThat(unbounded).isEmpty();
		assertThat(metrics).doesNotContain(tenant.clientId().toString());
	}

	@Test
	void eachExchangeLogsOneStructuredLineWithNothingPersonal(CapturedOutput output) {
		Tenant tenant = newTenant("Quiet Log Motors");
		lead(tenant.clientId(), "lead-log-7", "private.person@example.com");
		String message = "My secret trade-in plan for the purple Bronco";
		String replyText = "Our zebra-striped answer about the purple Bronco";
		LLM.enqueue(FakeLlm.reply(replyText, "Book a test drive"));
		String jwt = jwt(tenant.clientId(), "agent:reply", Instant.now().plusSeconds(300));

		Api.Response first = this.api.post("/api/agent/reply", tenant.replyKey(),
				Map.of("message", message, "leadId", "lead-log-7", "conversationId", "conv-log-7"));
		Api.Response second = this.api.post("/api/agent/reply", jwt, Map.of("message", message));

		assertThat(first.status()).isEqualTo(200);
		assertThat(second.status()).isEqualTo(200);
		String logs = output.getAll();
		for (Api.Response response : List.of(first, second)) {
			List<String> lines = logs.lines()
				.filter(line -> line.contains("exchange requestId=" + response.header("X-Request-Id")))
				.toList();
			assertThat(lines).hasSize(1);
			assertThat(lines.get(0)).contains("clientId=" + tenant.clientId(), "model=", "outcome=", "latencyMs=",
					"promptTokens=", "completionTokens=", "configId=");
		}
		assertThat(logs).doesNotContain(message, "purple Bronco", replyText, "private.person@example.com",
				tenant.replyKey(), jwt, "sk-or-test", "sm_test_key");
	}

	/**
	 * The metric names the provisioned dashboard queries, except Prometheus' own
	 * {@code up}.
	 */
	private static Set<String> dashboardMetrics() throws IOException {
		JsonNode dashboard = new ObjectMapper()
			.readTree(DeploymentFilesTests.ROOT.resolve("deploy/grafana/dashboards/agent-runtime.json").toFile());
		Set<String> metrics = new TreeSet<>();
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.get("targets")) {
				metrics.addAll(DeploymentFilesTests.metricNames(target.get("expr").asText()));
			}
		}
		metrics.remove("up");
		return metrics;
	}

	private Api.Response reply(Tenant tenant, String leadId, String conversationId) {
		Map<String, Object> body = new HashMap<>(Map.of("message", "Is the blue Mustang in stock?"));
		if (leadId != null) {
			body.put("leadId", leadId);
			body.put("conversationId", conversationId);
		}
		return this.api.post("/api/agent/reply", tenant.replyKey(), body);
	}

}
