package io.agentruntime.llm;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The LLM upstream (DESIGN §6, §8).
 *
 * @param provider which OpenAI-compatible dialect to speak
 * @param baseUrl e.g. {@code https://openrouter.ai/api/v1}; {@code /chat/completions} is
 * appended
 * @param apiKey bearer key; optional for local vLLM/Ollama
 * @param model the default model
 * @param fallbackModels models tried in order when the previous one is unavailable
 * @param allowedModels models a request or a config may name; the default and fallbacks
 * always are
 * @param temperature sampling temperature
 * @param maxTokens default completion token limit
 * @param connectTimeout TCP connect timeout
 * @param attemptTimeout the longest one HTTP call may take, from connect to the last body
 * byte (its call deadline)
 * @param appUrl OpenRouter attribution {@code HTTP-Referer}; optional
 * @param appTitle OpenRouter attribution {@code X-OpenRouter-Title}; optional
 * @param retry aliases of {@code resilience4j.retry.configs.llm}, or {@code null} when
 * none is set
 * @param circuitBreaker aliases of {@code resilience4j.circuitbreaker.configs.llm}, or
 * {@code null}
 * @param bulkhead aliases of {@code resilience4j.bulkhead.configs.llm}, or {@code null}
 */
@Validated
@ConfigurationProperties("agent.llm")
public record LlmProperties(@DefaultValue("openrouter") @NotNull LlmProvider provider,
		@DefaultValue("https://openrouter.ai/api/v1") @NotNull URI baseUrl, String apiKey,
		@DefaultValue("openai/gpt-4o-mini") @NotBlank String model, List<String> fallbackModels,
		List<String> allowedModels, @DefaultValue("0.2") @DecimalMin("0") @DecimalMax("2") double temperature,
		@DefaultValue("700") @Min(1) @Max(32000) int maxTokens, @DefaultValue("2s") Duration connectTimeout,
		@DefaultValue("15s") Duration attemptTimeout, String appUrl, String appTitle, @Valid RetrySettings retry,
		@Valid BreakerSettings circuitBreaker, @Valid BulkheadSettings bulkhead) {

	public LlmProperties {
		// One-line reasons for the startup report (DESIGN §8,
		// ops/InvalidConfigurationFailureAnalyzer).
		String scheme = (baseUrl != null && baseUrl.getScheme() != null) ? baseUrl.getScheme().toLowerCase(Locale.ROOT)
				: "";
		if (!(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
			throw new IllegalArgumentException("agent.llm.base-url must be an absolute http(s) URL with a host");
		}
		if (model == null || model.isBlank()) {
			throw new IllegalArgumentException("agent.llm.model must not be blank (AGENT_LLM_MODEL)");
		}
		fallbackModels = clean(fallbackModels);
		allowedModels = clean(allowedModels);
		apiKey = (apiKey != null && !apiKey.isBlank()) ? apiKey : null;
	}

	/**
	 * The models a request may name: the allowed list plus the default and the fallbacks.
	 */
	public Set<String> permittedModels() {
		Set<String> permitted = new LinkedHashSet<>(this.allowedModels);
		permitted.add(this.model);
		permitted.addAll(this.fallbackModels);
		return permitted;
	}

	private static List<String> clean(List<String> models) {
		List<String> cleaned = new ArrayList<>();
		if (models != null) {
			models.stream().map(String::trim).filter(m -> !m.isEmpty()).distinct().forEach(cleaned::add);
		}
		return List.copyOf(cleaned);
	}

	/**
	 * The former retry knobs, kept as aliases of {@code resilience4j.retry.configs.llm}
	 * (docs/llm.md): each one that is set wins over its Resilience4j counterpart, each
	 * one left out ({@code null}) leaves the Resilience4j value in force.
	 *
	 * @param maxRetries retries after the first call of a model ({@code max-attempts} −
	 * 1)
	 * @param initialBackoff the wait before the first retry without a hint
	 * ({@code wait-duration})
	 * @param multiplier growth of the wait per retry
	 * ({@code exponential-backoff-multiplier})
	 * @param maxBackoff the longest computed wait ({@code exponential-max-wait-duration})
	 * @param jitter the randomization of a computed wait ({@code randomized-wait-factor})
	 * @param maxRetryAfter a {@code Retry-After} longer than this means "do not retry
	 * this model" (no Resilience4j counterpart; 120 s when not set)
	 */
	public record RetrySettings(@Min(0) @Max(5) Integer maxRetries, Duration initialBackoff,
			@DecimalMin("1") Double multiplier, Duration maxBackoff, @DecimalMin("0") @DecimalMax("1") Double jitter,
			Duration maxRetryAfter) {

		@ConstructorBinding
		public RetrySettings {
		}

		/** Every knob set, as a test or a program without Spring gives them. */
		public RetrySettings(int maxRetries, Duration initialBackoff, double multiplier, Duration maxBackoff,
				double jitter, Duration maxRetryAfter) {
			this(Integer.valueOf(maxRetries), initialBackoff, Double.valueOf(multiplier), maxBackoff,
					Double.valueOf(jitter), maxRetryAfter);
		}

	}

	/**
	 * The former circuit-breaker knobs, aliases of
	 * {@code resilience4j.circuitbreaker.configs.llm}: a knob that is set wins.
	 *
	 * @param failureRateThreshold percentage of failed calls that opens the breaker
	 * @param slidingWindowSize calls the failure rate is computed over
	 * @param minimumNumberOfCalls calls needed before the rate is computed at all
	 * @param waitDurationInOpenState how long an open breaker skips the model before a
	 * probe
	 * @param permittedCallsInHalfOpenState probe calls that decide between closing and
	 * reopening
	 */
	public record BreakerSettings(@DecimalMin("1") @DecimalMax("100") Float failureRateThreshold,
			@Min(1) Integer slidingWindowSize, @Min(1) Integer minimumNumberOfCalls, Duration waitDurationInOpenState,
			@Min(1) Integer permittedCallsInHalfOpenState) {

		@ConstructorBinding
		public BreakerSettings {
		}

		/** Every knob set. */
		public BreakerSettings(float failureRateThreshold, int slidingWindowSize, int minimumNumberOfCalls,
				Duration waitDurationInOpenState, int permittedCallsInHalfOpenState) {
			this(Float.valueOf(failureRateThreshold), Integer.valueOf(slidingWindowSize),
					Integer.valueOf(minimumNumberOfCalls), waitDurationInOpenState,
					Integer.valueOf(permittedCallsInHalfOpenState));
		}

	}

	/**
	 * The former bulkhead knobs, aliases of {@code resilience4j.bulkhead.configs.llm}: a
	 * knob that is set wins.
	 *
	 * @param maxConcurrentCalls calls in flight at most
	 * @param maxWait how long a call waits for a free slot before the model counts as
	 * unavailable
	 */
	public record BulkheadSettings(@Min(1) Integer maxConcurrentCalls, Duration maxWait) {

		@ConstructorBinding
		public BulkheadSettings {
		}

		/** Every knob set. */
		public BulkheadSettings(int maxConcurrentCalls, Duration maxWait) {
			this(Integer.valueOf(maxConcurrentCalls), maxWait);
		}

	}

	@Override
	public String toString() {
		return "LlmProperties[provider=" + this.provider + ", baseUrl=" + this.baseUrl + ", apiKey="
				+ ((this.apiKey != null) ? "***" : null) + ", model=" + this.model + ", fallbackModels="
				+ this.fallbackModels + "]";
	}

}
