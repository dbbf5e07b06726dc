package io.agentruntime.llm;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
 * @param baseUrl e.g. {@code https://openrouter.ai/api/v1}; {@code /chat/completions} is appended
 * @param apiKey bearer key; optional for local vLLM/Ollama
 * @param model the default model
 * @param fallbackModels models tried in order when the previous one is unavailable
 * @param allowedModels models a request or a config may name; the default and fallbacks always are
 * @param temperature sampling temperature
 * @param maxTokens default completion token limit
 * @param connectTimeout TCP connect timeout
 * @param attemptTimeout the longest one HTTP call may take (OkHttp call timeout)
 * @param appUrl OpenRouter attribution {@code HTTP-Referer}; optional
 * @param appTitle OpenRouter attribution {@code X-OpenRouter-Title}; optional
 */
@Validated
@ConfigurationProperties("agent.llm")
public record LlmProperties(@DefaultValue("openrouter") @NotNull LlmProvider provider,
		@DefaultValue("https://openrouter.ai/api/v1") @NotNull URI baseUrl, String apiKey,
		@DefaultValue("openai/gpt-4o-mini") @NotBlank String model, List<String> fallbackModels,
		List<String> allowedModels, @DefaultValue("0.2") @DecimalMin("0") @DecimalMax("2") double temperature,
		@DefaultValue("700") @Min(1) @Max(32000) int maxTokens, @DefaultValue("2s") Duration connectTimeout,
		@DefaultValue("15s") Duration attemptTimeout, String appUrl, String appTitle) {

	public LlmProperties {
		fallbackModels = clean(fallbackModels);
		allowedModels = clean(allowedModels);
		apiKey = (apiKey != null && !apiKey.isBlank()) ? apiKey : null;
	}

	/** The models a request may name: the allowed list plus the default and the fallbacks. */
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

	@Override
	public String toString() {
		return "LlmProperties[provider=" + this.provider + ", baseUrl=" + this.baseUrl + ", apiKey="
				+ ((this.apiKey != null) ? "***" : null) + ", model=" + this.model + ", fallbackModels="
				+ this.fallbackModels + "]";
	}

}
