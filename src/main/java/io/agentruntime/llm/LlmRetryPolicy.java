package io.agentruntime.llm;

import java.time.Duration;
import java.time.Instant;

import io.github.resilience4j.common.retry.configuration.CommonRetryConfigurationProperties;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.RetryConfig;

/**
 * The retry policy of one model (contracts/openai-chat.md §3.2, the openai-python
 * policy), as the configuration of the Resilience4j retry {@value LlmResilience#RETRY}:
 * only {@link LlmTransientException} is retried; the wait is the upstream's
 * {@code Retry-After} when it gave one, else an exponential back-off with jitter; a
 * {@code Retry-After} above {@code max-retry-after}, or one that does not fit before the
 * reply deadline, gives the model up (so the next fallback model still gets time); no
 * wait ever runs past the deadline.
 *
 * <p>
 * The deadline belongs to a request, not to the registered retry: it travels with the
 * failure ({@link DeadlineBound}), so the predicate and the wait stay pure functions of
 * the failure and this configuration.
 *
 * @param maxAttempts calls of one model at most (first call and retries)
 * @param initialWait the wait before the first retry without a hint
 * @param multiplier growth of the wait per retry
 * @param maxWait the longest computed wait
 * @param jitter the randomization factor of a computed wait (0 = none)
 * @param maxRetryAfter a {@code Retry-After} longer than this gives the model up
 */
record LlmRetryPolicy(int maxAttempts, Duration initialWait, double multiplier, Duration maxWait, double jitter,
		Duration maxRetryAfter) {

	/** Today's behaviour, used where neither Resilience4j nor an alias sets a knob. */
	static final LlmRetryPolicy DEFAULTS = new LlmRetryPolicy(3, Duration.ofMillis(500), 2, Duration.ofSeconds(8), 0.25,
			Duration.ofSeconds(120));

	/** Less time than this left before the deadline is not worth another attempt. */
	static final Duration MIN_ATTEMPT_TIME = Duration.ofMillis(100);

	/**
	 * The effective policy: an {@code agent.llm.retry.*} alias that is set wins, then
	 * {@code resilience4j.retry.configs.llm}, then {@link #DEFAULTS}.
	 * @param configured {@code resilience4j.retry.configs.llm}, or {@code null}
	 * @param alias {@code agent.llm.retry}, or {@code null}
	 * @return the policy
	 */
	static LlmRetryPolicy resolve(CommonRetryConfigurationProperties.InstanceProperties configured,
			LlmProperties.RetrySettings alias) {
		CommonRetryConfigurationProperties.InstanceProperties r4j = (configured != null) ? configured
				: new CommonRetryConfigurationProperties.InstanceProperties();
		LlmProperties.RetrySettings own = (alias != null) ? alias
				: new LlmProperties.RetrySettings(null, null, null, null, null, null);
		return new LlmRetryPolicy(
				(own.maxRetries() != null) ? own.maxRetries() + 1 : first(r4j.getMaxAttempts(), DEFAULTS.maxAttempts),
				first(own.initialBackoff(), first(r4j.getWaitDuration(), DEFAULTS.initialWait)),
				first(own.multiplier(), first(r4j.getExponentialBackoffMultiplier(), DEFAULTS.multiplier)),
				first(own.maxBackoff(), first(r4j.getExponentialMaxWaitDuration(), DEFAULTS.maxWait)),
				first(own.jitter(), first(r4j.getRandomizedWaitFactor(), DEFAULTS.jitter)),
				first(own.maxRetryAfter(), DEFAULTS.maxRetryAfter));
	}

	private static <T> T first(T value, T otherwise) {
		return (value != null) ? value : otherwise;
	}

	/** The Resilience4j configuration of this policy. */
	RetryConfig config() {
		IntervalFunction computed = (this.jitter > 0 && this.jitter < 1)
				? IntervalFunction.ofExponentialRandomBackoff(this.initialWait, this.multiplier, this.jitter,
						this.maxWait)
				: IntervalFunction.ofExponentialBackoff(this.initialWait, this.multiplier, this.maxWait);
		return RetryConfig.custom()
			.maxAttempts(this.maxAttempts)
			.retryOnException(this::worthRetrying)
			.intervalBiFunction((Integer attempt, Either<Throwable, Object> outcome) -> wait(attempt,
					outcome.isLeft() ? outcome.getLeft() : null, computed))
			.build();
	}

	/**
	 * Whether another attempt can still help: only a transient failure, and not when its
	 * {@code Retry-After} is above the cap (openai-python does not retry then) or does
	 * not fit before the deadline.
	 */
	boolean worthRetrying(Throwable failure) {
		if (!(failure instanceof LlmTransientException transientFailure)) {
			return false;
		}
		Duration hint = transientFailure.retryAfter();
		if (hint != null && hint.compareTo(this.maxRetryAfter) > 0) {
			return false;
		}
		if (!(failure instanceof DeadlineBound bound)) {
			return true;
		}
		Duration wait = isPositive(hint) ? hint : Duration.ZERO;
		return Instant.now().plus(wait).plus(MIN_ATTEMPT_TIME).isBefore(bound.deadline);
	}

	/**
	 * The wait before retry number {@code attempt}: the upstream's hint, else the
	 * computed back-off, cut to the time left before the deadline.
	 */
	long wait(int attempt, Throwable failure, IntervalFunction computed) {
		Duration hint = (failure instanceof LlmTransientException ex) ? ex.retryAfter() : null;
		Duration wait = isPositive(hint) ? hint : Duration.ofMillis(computed.apply(attempt));
		if (failure instanceof DeadlineBound bound) {
			Duration room = Duration.between(Instant.now(), bound.deadline).minus(MIN_ATTEMPT_TIME);
			if (wait.compareTo(room) > 0) {
				wait = room.isNegative() ? Duration.ZERO : room;
			}
		}
		return wait.toMillis();
	}

	private static boolean isPositive(Duration duration) {
		return duration != null && !duration.isNegative() && !duration.isZero();
	}

	/**
	 * A transient failure together with the deadline of its request, so the policy can
	 * tell which waits still fit. Same status, reason and hint as the original.
	 */
	static final class DeadlineBound extends LlmTransientException {

		private final transient Instant deadline;

		DeadlineBound(LlmTransientException failure, Instant deadline) {
			super(failure.status(), failure.reason(), failure.retryAfter());
			this.deadline = deadline;
		}

	}

}
