package io.agentruntime.llm;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of a {@code chat/completions} answer (contracts/openai-chat.md §2), with only
 * the fields we read; unknown fields are ignored because every provider adds its own.
 * {@code error} stays a JSON tree: its dialects differ (a string, an integer or null
 * {@code code}; OpenRouter's {@code metadata} and {@code availability}) and only
 * {@link UpstreamErrors} reads it.
 *
 * @param id the generation id
 * @param model the model the upstream says answered
 * @param choices one choice (we never ask for {@code n > 1})
 * @param usage token usage, or {@code null}
 * @param error OpenRouter's HTTP-200 error (contracts §2.3), or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ChatCompletionResponse(String id, String model, List<Choice> choices, Usage usage, JsonNode error) {

	/** The first choice, or {@code null} when the list is missing or empty. */
	Choice firstChoice() {
		return (this.choices != null && !this.choices.isEmpty()) ? this.choices.get(0) : null;
	}

	/**
	 * One choice.
	 *
	 * @param index its position
	 * @param message the generated message
	 * @param finishReason {@code stop}, {@code length}, {@code content_filter},
	 * {@code error}, …
	 * @param error a choice-level error (OpenRouter, contracts §2.3.2), or {@code null}
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Choice(Integer index, Message message, @JsonProperty("finish_reason") String finishReason, JsonNode error) {
	}

	/**
	 * The generated message.
	 *
	 * @param role {@code assistant}
	 * @param content the text, or {@code null}
	 * @param refusal a refusal instead of content (OpenAI), or {@code null}
	 * @param reasoning reasoning text (OpenRouter, Ollama), or {@code null}
	 * @param reasoningContent reasoning text (vLLM), or {@code null}
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Message(String role, String content, String refusal, String reasoning,
			@JsonProperty("reasoning_content") String reasoningContent) {

		/** The reasoning under either name, or {@code null}. */
		String anyReasoning() {
			return (this.reasoning != null) ? this.reasoning : this.reasoningContent;
		}

	}

	/**
	 * Token usage of one call.
	 *
	 * @param promptTokens input tokens, or {@code null}
	 * @param completionTokens output tokens, or {@code null}
	 * @param totalTokens both, or {@code null}
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Usage(@JsonProperty("prompt_tokens") Integer promptTokens,
			@JsonProperty("completion_tokens") Integer completionTokens,
			@JsonProperty("total_tokens") Integer totalTokens) {
	}

}
