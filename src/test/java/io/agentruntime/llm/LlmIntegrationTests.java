package io.agentruntime.llm;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.support.Api;
import io.agentruntime.support.FakeLlm;
import io.agentruntime.support.IntegrationTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static io.agentruntime.llm.LlmTestClients.FALLBACK;
import static io.agentruntime.llm.LlmTestClients.PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LLM side end to end through {@code POST /api/agent/reply}: fallback model, circuit
 * breaker and GenAI metrics as a caller, the audit table and Prometheus see them. This
 * class adds a fallback model and a small, quick breaker to the shared test properties,
 * which costs one more Spring context (shared by all tests of this class); the shared
 * context keeps no fallback model, so other tests that script one failing LLM answer keep
 * their meaning. Breakers are reset before each test by {@link IntegrationTest}.
 */
@TestPropertySource(properties = { "agent.llm.fallback-models=" + FALLBACK, "agent.llm.retry.initial-backoff=10ms",
		"agent.llm.retry.max-backoff=50ms", "agent.llm.circuit-breaker.sliding-window-size=3",
		"agent.llm.circuit-breaker.minimum-number-of-calls=3",
		"agent.llm.circuit-breaker.wait-duration-in-open-state=1s",
		// One outbox worker on the shared database and the shared fake: the one in the
		// shared context.
		"agent.memory.outbox.enabled=false" })
class LlmIntegrationTests extends IntegrationTest {

	private static final Pattern LABEL = Pattern.compile("(gen_ai_request_model|gen_ai_response_model)=\"([^\"]*)\"");

	@Test
	void theFallbackModelAnswersAndTheResponseAuditRowAndMetricsNameIt() {
		Tenant tenant = newTenant("Fallback Motors");
		LLM.enqueue(FakeLlm.serverError(503), FakeLlm.serverError(503), FakeLlm.serverError(503),
				FakeLlm.replyFrom(FALLBACK, "Answered by the fallback model.", "Book a test drive"));

		Api.Response response = this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Any trucks?"));

		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("reply").asText()).endsWith("Answered by the fallback model.");
		assertThat(body.get("model").asText()).isEqualTo(FALLBACK);
		assertThat(body.get("degraded").asBoolean()).isFalse();
		assertThat(body.get("degradedReasons")).isEmpty();
		assertThat(LLM.calls()).extracting(FakeLlm.Call::model).containsExactly(PRIMARY, PRIMARY, PRIMARY, FALLBACK);
		Map<String, Object> row = this.jdbc.sql("select * from agent_exchange where id = ?")
			.param(UUID.fromString(body.get("exchangeId").asText()))
			.query()
			.singleRow();
		assertThat(row.get("model")).isEqualTo(FALLBACK);
		assertThat(row.get("llm_attempts")).isEqualTo(4);
		assertThat(row.get("prompt_tokens")).isEqualTo(120);
		assertThat(row.get("completion_tokens")).isEqualTo(30);
		String metrics = scrape();
		assertThat(metrics).containsPattern("gen_ai_client_operation_duration_seconds_count\\{error_type=\"none\","
				+ "gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openrouter\",gen_ai_request_model=\""
				+ Pattern.quote(FALLBACK) + "\",gen_ai_response_model=\"" + Pattern.quote(FALLBACK) + "\"\\} \\d");
		assertThat(metrics).contains("error_type=\"http_503\"");
	}

	@Test
	void repliesWithoutAnyUpstreamCallWhileBothBreakersAreOpenThenAHalfOpenProbeRecovers() throws Exception {
		Tenant tenant = newTenant("Breaker Motors");
		LLM.enqueue(FakeLlm.serverError(500), FakeLlm.serverError(500), FakeLlm.serverError(500),
				FakeLlm.replyFrom(FALLBACK, "Fallback while the primary is failing."));
		Api.Response failing = this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Hi"));
		assertThat(failing.json().get("model").asText()).isEqualTo(FALLBACK);
		assertThat(breaker(PRIMARY).getState()).isEqualTo(CircuitBreaker.State.OPEN);
		breaker(FALLBACK).transitionToOpenState();
		LLM.reset();

		Api.Response open = this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Hi again"));

		assertThat(open.status()).isEqualTo(200);
		assertThat(open.json().get("degradedReasons")).extracting(JsonNode::asText).containsExactly("llm_unavailable");
		assertThat(open.json().get("model").isNull()).isTrue();
		assertThat(open.json().get("reply").asText())
			.endsWith("Thanks for reaching out! A member of our team will follow up with you shortly.");
		assertThat(LLM.calls()).isEmpty();

		// The configured open time (1 s) is the behaviour under test: nothing to poll
		// before it ends.
		TimeUnit.MILLISECONDS.sleep(1100);
		LLM.enqueue(FakeLlm.replyFrom(PRIMARY, "The primary is back."));

		Api.Response recovered = this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Hello?"));

		assertThat(recovered.json().get("reply").asText()).endsWith("The primary is back.");
		assertThat(recovered.json().get("model").asText()).isEqualTo(PRIMARY);
		assertThat(LLM.calls()).extracting(FakeLlm.Call::model).containsExactly(PRIMARY);
		assertThat(breaker(PRIMARY).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void answersWithinTheReplyDeadlinePlusOneSecondWhenEveryModelHangs() {
		Tenant tenant = newTenant("Hanging Motors");
		LLM.enqueue(FakeLlm.hang(10_000), FakeLlm.hang(10_000), FakeLlm.hang(10_000), FakeLlm.hang(10_000));

		long started = System.nanoTime();
		Api.Response response = this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Still there?"));
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		// The shared test context sets agent.reply.deadline=3s and
		// agent.llm.attempt-timeout=2s.
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("degradedReasons")).extracting(JsonNode::asText)
			.containsExactly("llm_unavailable");
		assertThat(took).isLessThan(Duration.ofSeconds(4));
	}

	@Test
	void exposesGenAiMetricsWithBoundedLabelsAtPrometheus() {
		Tenant tenant = newTenant("Metrics Motors");
		LLM.enqueue(FakeLlm.replyFrom("openai/gpt-4o-mini-2024-07-18", "A dated snapshot answered."));
		this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Secret zebracorn message"));
		LLM.enqueue(FakeLlm.unauthorizedOpenRouter(), FakeLlm.unauthorizedOpenRouter());
		this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Hi"));
		this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Hi", "model", FALLBACK));

		String metrics = scrape();

		assertThat(metrics).contains("gen_ai_client_operation_duration_seconds_bucket{",
				"gen_ai_client_token_usage_count{", "gen_ai_token_type=\"input\"", "gen_ai_token_type=\"output\"",
				"error_type=\"http_401\"", "agent_fallback_total{reason=\"llm_unavailable\"}",
				"resilience4j_circuitbreaker_state{name=\"llm-" + PRIMARY + "\"");
		Set<String> models = new HashSet<>();
		for (String line : metrics.lines().filter(l -> l.startsWith("gen_ai_")).toList()) {
			Matcher label = LABEL.matcher(line);
			while (label.find()) {
				models.add(label.group(2));
			}
		}
		assertThat(models).isSubsetOf(List.of(PRIMARY, FALLBACK, GenAiMetrics.NONE, GenAiMetrics.OTHER))
			.contains(PRIMARY, FALLBACK, GenAiMetrics.OTHER);
		assertThat(metrics).doesNotContain(tenant.clientId().toString()).doesNotContain("zebracorn");
	}

	private CircuitBreaker breaker(String model) {
		return this.circuitBreakers.circuitBreaker(OpenAiCompatibleLlmClient.BREAKER_PREFIX + model);
	}

	private String scrape() {
		Api.Response response = this.api.get("/actuator/prometheus", null);
		assertThat(response.status()).isEqualTo(200);
		return response.body();
	}

}
