package io.agentruntime.llm;

/**
 * What one successful call produced: the model's output and why it ended.
 *
 * @param text the content (or the reasoning that held the JSON)
 * @param finishReason {@code stop}, {@code length}, … or {@code refusal} for a refusal
 * message
 * @param responseModel the model the upstream says answered
 * @param inputTokens prompt tokens of this call, or {@code null}
 * @param outputTokens completion tokens of this call, or {@code null}
 */
record Completion(String text, String finishReason, String responseModel, Integer inputTokens, Integer outputTokens) {

	/** Keeps a repair prompt small even when the model produced a wall of text. */
	static final int MAX_ECHOED_OUTPUT_CHARS = 4000;

	/**
	 * A refusal or withheld content: not the model's fault to repair (contracts §2.2).
	 */
	boolean blocked() {
		return "refusal".equals(this.finishReason) || "content_filter".equals(this.finishReason);
	}

	/** The reply in the output, or the error to show the model in a repair call. */
	ReplyParser.Parsed parse() {
		if (!"stop".equals(this.finishReason)) {
			return new ReplyParser.Parsed(null, "The output ended with finish_reason " + this.finishReason
					+ "; give a shorter, complete JSON object.");
		}
		return ReplyParser.parse(this.text);
	}

	/** The output as the assistant turn of a repair call, cut to a sane length. */
	String echo() {
		if (this.text == null) {
			return "";
		}
		return (this.text.length() > MAX_ECHOED_OUTPUT_CHARS) ? this.text.substring(0, MAX_ECHOED_OUTPUT_CHARS)
				: this.text;
	}

}
