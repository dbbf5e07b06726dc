package io.agentruntime.llm;

import java.time.Duration;

/**
 * A failure worth retrying: I/O, 408, 409, 429 (except quota), 5xx, an OpenRouter
 * HTTP-200 error body with such a code, or an empty generation. Carries the upstream's
 * {@code Retry-After} hint when there was one. The message holds a status and a short
 * reason, never upstream text.
 */
public class LlmTransientException extends RuntimeException {

	private final int status;

	private final String reason;

	private final transient Duration retryAfter;

	public LlmTransientException(int status, String reason, Duration retryAfter) {
		super("LLM transient failure " + status + " " + reason, null, false, false);
		this.status = status;
		this.reason = reason;
		this.retryAfter = retryAfter;
	}

	/**
	 * A short machine reason from a bounded set, e.g. {@code http_503}, {@code timeout},
	 * {@code io}, {@code empty_body}; used as the {@code error.type} metric label.
	 */
	public String reason() {
		return this.reason;
	}

	/** The effective HTTP status; 0 for an I/O failure. */
	public int status() {
		return this.status;
	}

	/** The upstream's wait hint, or {@code null}. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
