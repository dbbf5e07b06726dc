package io.agentruntime.llm;

import java.time.Duration;
import java.util.Map;

import io.agentruntime.support.Api;
import io.agentruntime.support.FakeLlm;
import io.agentruntime.support.IntegrationTest;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.agentruntime.llm.LlmTestClients.PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LLM client's resilience as registered Resilience4j instances in the shared test
 * context, which sets no {@code agent.llm.retry.*}, {@code circuit-breaker.*} or
 * {@code bulkhead.*} alias: their configuration comes from
 * {@code resilience4j.*.configs.llm} in application.yml, and their metrics reach
 * Prometheus without code of ours.
 */
class LlmResilienceRegistryIntegrationTests extends IntegrationTest {

	@Autowired
	RetryRegistry retries;

	@Autowired
	BulkheadRegistry bulkheads;

	@Test
	void exposesTheLlmRetryBreakerAndBulkheadMetricsAtPrometheus() {
		Tenant tenant = newTenant("Resilient Motors");
		LLM.enqueue(FakeLlm.serverError(503), FakeLlm.replyFrom(PRIMARY, "Answered after one retry."));

		Api.Response response = this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Any vans?"));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("reply").asText()).endsWith("Answered after one retry.");
		assertThat(LLM.calls()).hasSize(2);
		String metrics = this.api.get("/actuator/prometheus", null).body();
		assertThat(metrics)
			.containsPattern("resilience4j_retry_calls_total\\{kind=\"successful_with_retry\",name=\"llm\"\\} [1-9]")
			.contains("resilience4j_circuitbreaker_state{name=\"llm-" + PRIMARY + "\",state=\"closed\"} 1.0")
			.contains("resilience4j_bulkhead_available_concurrent_calls{name=\"llm\"}");
	}

	@Test
	void buildsTheLlmInstancesFromTheResilience4jConfigurationOfApplicationYml() {
		Tenant tenant = newTenant("Configured Motors");
		LLM.enqueue(FakeLlm.replyFrom(PRIMARY, "Configured."));
		this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Hello"));

		assertThat(this.retries.retry(LlmResilience.RETRY).getRetryConfig().getMaxAttempts()).isEqualTo(3);
		CircuitBreakerConfig breaker = this.circuitBreakers
			.circuitBreaker(OpenAiCompatibleLlmClient.BREAKER_PREFIX + PRIMARY)
			.getCircuitBreakerConfig();
		assertThat(breaker.getSlidingWindowSize()).isEqualTo(10);
		assertThat(breaker.getMinimumNumberOfCalls()).isEqualTo(5);
		assertThat(breaker.getFailureRateThreshold()).isEqualTo(50);
		assertThat(breaker.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(Duration.ofSeconds(30).toMillis());
		assertThat(this.bulkheads.bulkhead(LlmResilience.BULKHEAD).getBulkheadConfig().getMaxConcurrentCalls())
			.isEqualTo(2000);
	}

}
