package io.agentruntime.memory;

import java.time.Duration;

/**
 * The memory store failed, was too slow, or refused. The message is a status and a short
 * reason, never upstream text. {@code retryable} is false only when this very request can
 * never succeed (a 400-class validation failure): the outbox then parks the row at once.
 * Authentication, quota and permission failures (401, 402, 403) stay retryable, because
 * an operator can fix the key or the plan and the queued writes should then go through.
 * {@code retryAfter} carries the store's wait hint when it gave one.
 */
public class MemoryUnavailableException extends RuntimeException {

	private final boolean retryable;

	private final transient Duration retryAfter;

	public MemoryUnavailableException(String reason, boolean retryable, Duration retryAfter) {
		super("Memory unavailable: " + reason, null, false, false);
		this.retryable = retryable;
		this.retryAfter = retryAfter;
	}

	/** A short, secret-free reason such as {@code http_429} or {@code io}. */
	public String reason() {
		return getMessage().substring("Memory unavailable: ".length());
	}

	public boolean retryable() {
		return this.retryable;
	}

	/** The store's wait hint, or {@code null}. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
