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
 * @param attemptTimeout the longest one HTTP call may take (OkHttp call timeout)
 * @param appUrl OpenRouter attribution {@code HTTP-Referer}; optional
 * @param appTitle OpenRouter attribution {@code X-OpenRouter-Title}; optional
 * @param retry how often and how patiently one model is retried
 * @param circuitBreaker when a model counts as down and is skipped without a call
 * @param bulkhead how many LLM calls may run at once on this instance
 */
@Validated
@ConfigurationProperties("agent.llm")
public record LlmProperties(@DefaultValue("openrouter") @NotNull LlmProvider provider,
		@DefaultValue("https://openrouter.ai/api/v1") @NotNull URI baseUrl, String apiKey,
		@DefaultValue("openai/gpt-4o-mini") @NotBlank String model, List<String> fallbackModels,
		List<String> allowedModels, @DefaultValue("0.2") @DecimalMin("0") @DecimalMax("2") double temperature,
		@DefaultValue("700") @Min(1) @Max(32000) int maxTokens, @DefaultValue("2s") Duration connectTimeout,
		@DefaultValue("15s") Duration attemptTimeout, String appUrl, String appTitle,
		@DefaultValue @Valid RetrySettings retry, @DefaultValue @Valid BreakerSettings circuitBreaker,
		@DefaultValue @Valid BulkheadSettings bulkhead) {

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
	 * Retries of one model (contracts/openai-chat.md §3.2, the openai-python policy):
	 * exponential back-off with jitter, or the upstream's {@code Retry-After} while it
	 * fits the reply deadline.
	 *
	 * @param maxRetries retries after the first call of a model (so
	 * {@code maxRetries + 1} calls)
	 * @param initialBackoff the wait before the first retry when the upstream gave no
	 * hint
	 * @param multiplier growth of the wait per retry
	 * @param maxBackoff the longest computed wait
	 * @param jitter the fraction of a computed wait taken off at random (0.25 = up to 25
	 * %)
	 * @param maxRetryAfter a {@code Retry-After} longer than this means "do not retry
	 * this model"
	 */
	public record RetrySettings(@DefaultValue("2") @Min(0) @Max(5) int maxRetries,
			@DefaultValue("500ms") @NotNull Duration initialBackoff,
			@DefaultValue("2") @DecimalMin("1") double multiplier, @DefaultValue("8s") @NotNull Duration maxBackoff,
			@DefaultValue("0.25") @DecimalMin("0") @DecimalMax("1") double jitter,
			@DefaultValue("120s") @NotNull Duration maxRetryAfter) {
	}

	/**
	 * The circuit breaker of each model (a count-based window of calls).
	 *
	 * @param failureRateThreshold percentage of failed calls that opens the breaker
	 * @param slidingWindowSize calls the failure rate is computed over
	 * @param minimumNumberOfCalls calls needed before the rate is computed at all
	 * @param waitDurationInOpenState how long an open breaker skips the model before a
	 * probe
	 * @param permittedCallsInHalfOpenState probe calls that decide between closing and
	 * reopening
	 */
	public record BreakerSettings(@DefaultValue("50") @DecimalMin("1") @DecimalMax("100") float failureRateThreshold,
			@DefaultValue("10") @Min(1) int slidingWindowSize, @DefaultValue("5") @Min(1) int minimumNumberOfCalls,
			@DefaultValue("30s") @NotNull Duration waitDurationInOpenState,
			@DefaultValue("1") @Min(1) int permittedCallsInHalfOpenState) {
	}

	/**
	 * The semaphore bulkhead shared by all LLM calls of this instance.
	 *
	 * @param maxConcurrentCalls calls in flight at most
	 * @param maxWait how long a call waits for a free slot before the model counts as
	 * unavailable
	 */
	public record BulkheadSettings(@DefaultValue("2000") @Min(1) int maxConcurrentCalls,
			@DefaultValue("250ms") @NotNull Duration maxWait) {
	}

	@Override
	public String toString() {
		return "LlmProperties[provider=" + this.provider + ", baseUrl=" + this.baseUrl + ", apiKey="
				+ ((this.apiKey != null) ? "***" : null) + ", model=" + this.model + ", fallbackModels="
				+ this.fallbackModels + "]";
	}

}
