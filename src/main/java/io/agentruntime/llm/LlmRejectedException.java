package io.agentruntime.llm;

/**
 * A failure that retrying the same request cannot fix: 400, 401, 402, 403, 404, 413, 422,
 * quota exhausted, a refusal or blocked content. The message holds a status and a short
 * reason code.
 */
public class LlmRejectedException extends RuntimeException {

	private final int status;

	private final String reason;

	public LlmRejectedException(int status, String reason) {
		super("LLM rejected request " + status + " " + reason, null, false, false);
		this.status = status;
		this.reason = reason;
	}

	public int status() {
		return this.status;
	}

	/**
	 * A short machine reason, e.g. {@code json_schema_unsupported},
	 * {@code insufficient_quota}.
	 */
	public String reason() {
		return this.reason;
	}

}
