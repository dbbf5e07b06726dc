package io.agentruntime.memory;

import java.time.Duration;

/**
 * The memory store failed, was too slow, or refused. The message is a status and a short reason,
 * never upstream text. {@code retryable} is false for rejections that retrying cannot fix (400,
 * 401, 402, 403); {@code retryAfter} carries the store's wait hint when it gave one.
 */
public class MemoryUnavailableException extends RuntimeException {

	private final boolean retryable;

	private final transient Duration retryAfter;

	public MemoryUnavailableException(String reason, boolean retryable, Duration retryAfter) {
		super("Memory unavailable: " + reason, null, false, false);
		this.retryable = retryable;
		this.retryAfter = retryAfter;
	}

	public boolean retryable() {
		return this.retryable;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
