package io.agentruntime.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import okhttp3.Call;

/**
 * The {@link LlmClient} for OpenRouter, OpenAI, vLLM, Ollama and other OpenAI-compatible
 * servers (contracts/openai-chat.md), in three parts: {@link ChatCompletionsApi} (one
 * HTTP call, typed wire records, error classification), {@link LlmResilience} (retry,
 * per-model circuit breaker and bulkhead from the Resilience4j registries) and
 * {@link ModelLoop} (fallback models and the one repair attempt). It never throws for
 * upstream faults and never outlives the request's deadline.
 */
public final class OpenAiCompatibleLlmClient implements LlmClient {

	/** Circuit breaker instances are named {@code llm-<model>}. */
	public static final String BREAKER_PREFIX = LlmResilience.BREAKER_PREFIX;

	/** The bulkhead (and retry) instance name. */
	public static final String BULKHEAD_NAME = LlmResilience.BULKHEAD;

	private final ChatCompletionsApi api;

	private final LlmResilience resilience;

	private final ModelLoop loop;

	/**
	 * A client outside Spring (tools, tests): resilience from the {@code agent.llm.*}
	 * aliases over today's defaults, GenAI metrics straight into {@code meters}.
	 * @param http the upstream's OkHttp client (auth and attribution headers added by
	 * interceptors)
	 * @param properties {@code agent.llm.*}
	 * @param mapper JSON mapper
	 * @param breakers where the per-model circuit breakers live (and get their metrics)
	 * @param bulkheads where the shared bulkhead lives (and gets its metrics)
	 * @param meters where the GenAI metrics go
	 */
	public OpenAiCompatibleLlmClient(Call.Factory http, LlmProperties properties, ObjectMapper mapper,
			CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads, MeterRegistry meters) {
		this(http, properties, mapper, LlmRetryPolicy.resolve(null, properties.retry()), RetryRegistry.ofDefaults(),
				breakers, bulkheads, observationsInto(meters));
	}

	/**
	 * The application's client.
	 * @param http the upstream's OkHttp client
	 * @param properties {@code agent.llm.*}
	 * @param mapper JSON mapper
	 * @param retryPolicy the effective retry policy
	 * @param retries the retry registry
	 * @param breakers the circuit breaker registry
	 * @param bulkheads the bulkhead registry
	 * @param observations where each HTTP call is observed
	 */
	OpenAiCompatibleLlmClient(Call.Factory http, LlmProperties properties, ObjectMapper mapper,
			LlmRetryPolicy retryPolicy, RetryRegistry retries, CircuitBreakerRegistry breakers,
			BulkheadRegistry bulkheads, ObservationRegistry observations) {
		this.api = new ChatCompletionsApi(http, properties, mapper);
		this.resilience = new LlmResilience(retryPolicy, properties, retries, breakers, bulkheads);
		this.loop = new ModelLoop(this.api, this.resilience, properties, observations);
	}

	/** An observation registry that feeds only the GenAI metrics. */
	private static ObservationRegistry observationsInto(MeterRegistry meters) {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new GenAiMetrics(meters));
		return observations;
	}

	/** The circuit breaker of a model, e.g. for the health check. */
	public CircuitBreaker circuitBreaker(String model) {
		return this.resilience.circuitBreaker(model);
	}

	@Override
	public LlmResult complete(LlmRequest request) {
		return this.loop.complete(request);
	}

	@Override
	public boolean probe() {
		return this.api.probe();
	}

}
