package io.agentruntime.llm;

/**
 * The quirks of an OpenAI-compatible upstream (contracts/openai-chat.md §1.2, §1.3, §7):
 * which token-limit field it reads and what else it expects.
 */
public enum LlmProvider {

	/**
	 * OpenRouter: {@code max_tokens}, {@code provider.require_parameters}, attribution
	 * headers.
	 */
	OPENROUTER("max_tokens"),
	/**
	 * OpenAI: {@code max_completion_tokens} ({@code max_tokens} is rejected by reasoning
	 * models).
	 */
	OPENAI("max_completion_tokens"),
	/** vLLM: both fields work; {@code max_completion_tokens} wins. */
	VLLM("max_completion_tokens"),
	/** Ollama's /v1 layer: only {@code max_tokens} is read. */
	OLLAMA("max_tokens"),
	/**
	 * Any other OpenAI-compatible server (LiteLLM, …): the widely read
	 * {@code max_tokens}.
	 */
	GENERIC("max_tokens");

	private final String maxTokensField;

	LlmProvider(String maxTokensField) {
		this.maxTokensField = maxTokensField;
	}

	/** The JSON field that carries the completion token limit for this provider. */
	public String maxTokensField() {
		return this.maxTokensField;
	}

}
