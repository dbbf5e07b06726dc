package io.agentruntime.agentconfig;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The system prompt a config produces, exactly as the reply path sends it to the LLM.
 *
 * @param systemPrompt the system message
 */
@Schema(name = "PromptPreview")
record PromptPreview(
		@Schema(example = "You are Riley, the virtual assistant of an automotive dealership, …") String systemPrompt) {
}
