package io.agentruntime.llm;

import java.time.Instant;
import java.util.List;

/**
 * One reply to produce.
 *
 * @param messages system, history and user turns, in order
 * @param model the model to ask first, or {@code null} for {@code agent.llm.model}
 * @param maxTokens completion token limit, or {@code null} for
 * {@code agent.llm.max-tokens}
 * @param deadline the instant by which a result must be returned, whatever happens
 * upstream
 */
public record LlmRequest(List<ChatMessage> messages, String model, Integer maxTokens, Instant deadline) {

	public LlmRequest {
		messages = List.copyOf(messages);
	}

}
