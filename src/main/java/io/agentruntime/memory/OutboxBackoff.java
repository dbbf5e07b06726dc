package io.agentruntime.memory;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * When a failed memory write is tried again: exponential backoff with "equal jitter"
 * (half fixed, half random), capped, and never shorter than the store's own hint:
 * retrying before {@code Retry-After} only earns another 429.
 *
 * @param initial the wait after the first failure (before jitter)
 * @param cap the longest wait (before the store's hint)
 */
record OutboxBackoff(Duration initial, Duration cap) {

	/**
	 * The wait after a failed attempt.
	 * @param attempts attempts made so far (1 after the first)
	 * @param retryAfter the store's {@code Retry-After}, or {@code null}
	 * @param random a random number in {@code [0, bound]} for the given bound
	 */
	Duration after(int attempts, Duration retryAfter, LongUnaryOperator random) {
		long exponential = Math.min(this.cap.toMillis(), this.initial.toMillis() << Math.min(attempts - 1, 30));
		long jittered = exponential / 2 + random.applyAsLong(exponential / 2);
		long floor = (retryAfter != null) ? retryAfter.toMillis() : 0;
		return Duration.ofMillis(Math.max(jittered, floor));
	}

}
