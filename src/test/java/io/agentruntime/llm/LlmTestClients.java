package io.agentruntime.llm;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.support.FakeLlm;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Builds real {@link OpenAiCompatibleLlmClient}s against a {@link FakeLlm}, without
 * Spring: the same OkHttp client the application builds, with millisecond back-offs so
 * tests stay fast.
 */
final class LlmTestClients {

	static final String PRIMARY = "openai/gpt-4o-mini";

	static final String FALLBACK = "anthropic/claude-haiku-4.5";

	static final LlmProperties.RetrySettings FAST_RETRY = new LlmProperties.RetrySettings(2, Duration.ofMillis(10), 2,
			Duration.ofMillis(50), 0.25, Duration.ofSeconds(120));

	static final LlmProperties.BreakerSettings LENIENT_BREAKER = new LlmProperties.BreakerSettings(50, 100, 100,
			Duration.ofSeconds(30), 1);

	static final LlmProperties.BulkheadSettings ROOMY_BULKHEAD = new LlmProperties.BulkheadSettings(64,
			Duration.ofMillis(250));

	private LlmTestClients() {
	}

	/** {@code agent.llm.*} for a provider; a fallback list and attribution as given. */
	static LlmProperties properties(FakeLlm llm, LlmProvider provider, List<String> fallbacks, Duration attemptTimeout,
			LlmProperties.BreakerSettings breaker, LlmProperties.BulkheadSettings bulkhead) {
		return new LlmProperties(provider, URI.create(llm.baseUrl()), "sk-test-key", PRIMARY, fallbacks, List.of(), 0.2,
				700, Duration.ofSeconds(1), attemptTimeout, "https://dealer.example", "Agent Runtime", FAST_RETRY,
				breaker, bulkhead);
	}

	static LlmProperties properties(FakeLlm llm, LlmProvider provider, List<String> fallbacks) {
		return properties(llm, provider, fallbacks, Duration.ofSeconds(2), LENIENT_BREAKER, ROOMY_BULKHEAD);
	}

	static OpenAiCompatibleLlmClient client(LlmProperties properties, CircuitBreakerRegistry breakers,
			MeterRegistry meters) {
		return new OpenAiCompatibleLlmClient(LlmConfiguration.httpClient(properties), properties, new ObjectMapper(),
				breakers, BulkheadRegistry.ofDefaults(), meters);
	}

	/** A short conversation that asks for JSON, as PromptBuilder's does. */
	static LlmRequest request(Duration deadline) {
		return new LlmRequest(
				List.of(ChatMessage.system("You are a dealership assistant. Answer in JSON."),
						ChatMessage.user("Is the red F-150 still available?")),
				null, null, Instant.now().plus(deadline));
	}

}
