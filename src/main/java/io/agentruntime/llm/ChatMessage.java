package io.agentruntime.llm;

import java.util.List;

import io.agentruntime.prompt.PromptMessage;

/**
 * One chat turn sent to the LLM.
 *
 * @param role {@code system}, {@code user} or {@code assistant}
 * @param content the text of the turn
 */
public record ChatMessage(String role, String content) {

	public static ChatMessage system(String content) {
		return new ChatMessage("system", content);
	}

	public static ChatMessage user(String content) {
		return new ChatMessage("user", content);
	}

	public static ChatMessage assistant(String content) {
		return new ChatMessage("assistant", content);
	}

	/** A turn the prompt built, as sent to the LLM. */
	public static ChatMessage of(PromptMessage message) {
		return new ChatMessage(message.role(), message.content());
	}

	/** The turns the prompt built, in order, as sent to the LLM. */
	public static List<ChatMessage> listOf(List<PromptMessage> messages) {
		return messages.stream().map(ChatMessage::of).toList();
	}

	@Override
	public String toString() {
		return "ChatMessage[role=" + this.role + ", length=" + this.content.length() + "]";
	}

}
