package io.agentruntime.llm;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The request body of {@code POST /chat/completions} (contracts/openai-chat.md §1).
 * Fields left {@code null} are not sent: providers answer 400 to fields they do not know
 * (§1.1), and exactly one of the two token-limit fields is set, per {@link LlmProvider}.
 *
 * @param model the model asked
 * @param messages system, history and user turns
 * @param temperature sampling temperature
 * @param maxTokens {@code max_tokens} (OpenRouter, Ollama, generic servers), or
 * {@code null}
 * @param maxCompletionTokens {@code max_completion_tokens} (OpenAI, vLLM), or
 * {@code null}
 * @param responseFormat the reply JSON schema, or plain {@code json_object}
 * @param provider OpenRouter's routing preferences; {@code null} for other providers
 * @param stream {@code true} for a server-sent-event stream (DESIGN §13); {@code null}
 * today
 * @param streamOptions {@code include_usage} for a stream; must be {@code null} without
 * {@code stream} (vLLM answers 400, contracts §4)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChatCompletionRequest(String model, List<ChatMessage> messages, Double temperature,
		@JsonProperty("max_tokens") Integer maxTokens,
		@JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
		@JsonProperty("response_format") ResponseFormat responseFormat, ProviderPreferences provider, Boolean stream,
		@JsonProperty("stream_options") StreamOptions streamOptions) {

	ChatCompletionRequest {
		messages = List.copyOf(messages);
	}

	/**
	 * A non-streaming request with the token limit in the field this provider reads.
	 * @param provider the upstream's dialect
	 * @param model the model asked
	 * @param messages the turns
	 * @param temperature sampling temperature
	 * @param maxTokens completion token limit
	 * @param format the response format
	 * @return the request
	 */
	static ChatCompletionRequest of(LlmProvider provider, String model, List<ChatMessage> messages, double temperature,
			int maxTokens, ResponseFormat format) {
		boolean completionField = "max_completion_tokens".equals(provider.maxTokensField());
		return new ChatCompletionRequest(model, messages, temperature, completionField ? null : maxTokens,
				completionField ? maxTokens : null, format,
				(provider == LlmProvider.OPENROUTER) ? ProviderPreferences.REQUIRE_PARAMETERS : null, null, null);
	}

	/**
	 * The same request as a stream with usage in the last chunk (DESIGN §13).
	 * @return the streaming variant
	 */
	ChatCompletionRequest streaming() {
		return new ChatCompletionRequest(this.model, this.messages, this.temperature, this.maxTokens,
				this.maxCompletionTokens, this.responseFormat, this.provider, true, new StreamOptions(true));
	}

	/**
	 * {@code response_format}: {@code json_schema} with a schema, or {@code json_object}.
	 *
	 * @param type {@code json_schema} or {@code json_object}
	 * @param jsonSchema the named schema for {@code json_schema}, else {@code null}
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ResponseFormat(String type, @JsonProperty("json_schema") JsonSchema jsonSchema) {

		/** For models without json_schema support. */
		static final ResponseFormat JSON_OBJECT = new ResponseFormat("json_object", null);

		/**
		 * A strict json_schema format.
		 * @param name the schema's name
		 * @param schema the JSON schema
		 * @return the format
		 */
		static ResponseFormat strictSchema(String name, JsonNode schema) {
			return new ResponseFormat("json_schema", new JsonSchema(name, true, schema));
		}

	}

	/**
	 * A named JSON schema.
	 *
	 * @param name shown to the model
	 * @param strict whether the provider must enforce the schema
	 * @param schema the schema itself
	 */
	record JsonSchema(String name, boolean strict, JsonNode schema) {
	}

	/**
	 * OpenRouter's {@code provider} object.
	 *
	 * @param requireParameters route only to endpoints that honour every parameter (so
	 * {@code response_format} is never silently ignored)
	 */
	record ProviderPreferences(@JsonProperty("require_parameters") boolean requireParameters) {

		static final ProviderPreferences REQUIRE_PARAMETERS = new ProviderPreferences(true);

	}

	/**
	 * {@code stream_options}.
	 *
	 * @param includeUsage ask for a final chunk with the token usage
	 */
	record StreamOptions(@JsonProperty("include_usage") boolean includeUsage) {
	}

}
