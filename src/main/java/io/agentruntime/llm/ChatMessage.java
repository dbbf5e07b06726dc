package io.agentruntime.llm;

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

	@Override
	public String toString() {
		return "ChatMessage[role=" + this.role + ", length=" + this.content.length() + "]";
	}

}
