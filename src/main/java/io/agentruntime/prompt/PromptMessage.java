package io.agentruntime.prompt;

/**
 * One turn of a prompt, in the roles chat models know.
 *
 * @param role {@code system}, {@code user} or {@code assistant}
 * @param content the text of the turn
 */
public record PromptMessage(String role, String content) {

	static PromptMessage system(String content) {
		return new PromptMessage("system", content);
	}

	static PromptMessage user(String content) {
		return new PromptMessage("user", content);
	}

	static PromptMessage assistant(String content) {
		return new PromptMessage("assistant", content);
	}

	/** The length only: a lead's words never reach a log through this record. */
	@Override
	public String toString() {
		return "PromptMessage[role=" + this.role + ", length=" + this.content.length() + "]";
	}

}
