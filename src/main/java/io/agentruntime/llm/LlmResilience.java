package io.agentruntime.llm;

import java.time.Instant;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;

/**
 * The one place where resilience is composed (DESIGN §6), for one call to one model:
 * <pre>
 * Retry[llm]( deadline guard( CircuitBreaker[llm-&lt;model&gt;]( Bulkhead[llm]( HTTP call ))))
 * </pre>
 * <ul>
 * <li>Retry: the registered instance {@value #RETRY} with the {@link LlmRetryPolicy}.
 * Rejections, an open breaker and a full bulkhead are not retried.</li>
 * <li>Deadline guard: no new attempt once the reply deadline has passed; it sits outside
 * the breaker so running out of time never counts against a model's health, and it hands
 * the deadline to the retry policy with each transient failure.</li>
 * <li>CircuitBreaker: one per model ({@value #BREAKER_PREFIX}{@code <model>}, from the
 * configuration {@value #CONFIG}), counting only transient failures; while open, the
 * model is skipped without a call.</li>
 * <li>Bulkhead: the registered semaphore {@value #BULKHEAD}, shared by all LLM calls of
 * this instance.</li>
 * </ul>
 * All instances live in the application's Resilience4j registries, so their metrics
 * ({@code resilience4j_retry_calls}, {@code resilience4j_circuitbreaker_state},
 * {@code resilience4j_bulkhead_available_concurrent_calls}, …) reach
 * {@code /actuator/prometheus} without code of ours.
 */
final class LlmResilience {

	/** The retry instance. */
	static final String RETRY = "llm";

	/** The bulkhead instance. */
	static final String BULKHEAD = "llm";

	/**
	 * The name of the {@code resilience4j.*.configs} entry each LLM instance is built
	 * from.
	 */
	static final String CONFIG = "llm";

	/** Circuit breaker instances are named {@code llm-<model>}. */
	static final String BREAKER_PREFIX = "llm-";

	/**
	 * Today's breaker, used when no {@code resilience4j.circuitbreaker.configs.llm}
	 * exists.
	 */
	private static final CircuitBreakerConfig DEFAULT_BREAKER = CircuitBreakerConfig.custom()
		.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
		.slidingWindowSize(10)
		.minimumNumberOfCalls(5)
		.failureRateThreshold(50)
		.waitDurationInOpenState(java.time.Duration.ofSeconds(30))
		.permittedNumberOfCallsInHalfOpenState(1)
		.build();

	/**
	 * Today's bulkhead, used when no {@code resilience4j.bulkhead.configs.llm} exists.
	 */
	private static final BulkheadConfig DEFAULT_BULKHEAD = BulkheadConfig.custom()
		.maxConcurrentCalls(2000)
		.maxWaitDuration(java.time.Duration.ofMillis(250))
		.build();

	private final Retry retry;

	private final CircuitBreakerRegistry breakers;

	private final CircuitBreakerConfig breakerConfig;

	private final Bulkhead bulkhead;

	/**
	 * Registers the LLM instances.
	 * @param policy the effective retry policy
	 * @param properties {@code agent.llm.*}, whose breaker and bulkhead aliases win when
	 * set
	 * @param retries where the retry lives
	 * @param breakers where the per-model breakers live
	 * @param bulkheads where the bulkhead lives
	 */
	LlmResilience(LlmRetryPolicy policy, LlmProperties properties, RetryRegistry retries,
			CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads) {
		this.retry = retries.retry(RETRY, policy.config());
		this.breakers = breakers;
		this.breakerConfig = breakerConfig(breakers.getConfiguration(CONFIG).orElse(DEFAULT_BREAKER),
				properties.circuitBreaker());
		this.bulkhead = bulkheads.bulkhead(BULKHEAD,
				bulkheadConfig(bulkheads.getConfiguration(CONFIG).orElse(DEFAULT_BULKHEAD), properties.bulkhead()));
	}

	/**
	 * The configured breaker with the aliases that are set, and the exceptions that
	 * count: only upstream trouble; a rejected request (401, 400, quota) says nothing
	 * about health.
	 */
	static CircuitBreakerConfig breakerConfig(CircuitBreakerConfig configured, LlmProperties.BreakerSettings alias) {
		CircuitBreakerConfig.Builder builder = CircuitBreakerConfig.from(configured)
			.recordExceptions(LlmTransientException.class)
			.ignoreExceptions(LlmRejectedException.class, BulkheadFullException.class, DeadlineReached.class);
		if (alias != null) {
			if (alias.failureRateThreshold() != null) {
				builder.failureRateThreshold(alias.failureRateThreshold());
			}
			if (alias.slidingWindowSize() != null) {
				builder.slidingWindowSize(alias.slidingWindowSize());
			}
			if (alias.minimumNumberOfCalls() != null) {
				builder.minimumNumberOfCalls(alias.minimumNumberOfCalls());
			}
			if (alias.waitDurationInOpenState() != null) {
				builder.waitDurationInOpenState(alias.waitDurationInOpenState());
			}
			if (alias.permittedCallsInHalfOpenState() != null) {
				builder.permittedNumberOfCallsInHalfOpenState(alias.permittedCallsInHalfOpenState());
			}
		}
		return builder.build();
	}

	/** The configured bulkhead with the aliases that are set. */
	static BulkheadConfig bulkheadConfig(BulkheadConfig configured, LlmProperties.BulkheadSettings alias) {
		BulkheadConfig.Builder builder = BulkheadConfig.from(configured);
		if (alias != null && alias.maxConcurrentCalls() != null) {
			builder.maxConcurrentCalls(alias.maxConcurrentCalls());
		}
		if (alias != null && alias.maxWait() != null) {
			builder.maxWaitDuration(alias.maxWait());
		}
		return builder.build();
	}

	/** The circuit breaker of a model, created on first use. */
	CircuitBreaker circuitBreaker(String model) {
		return this.breakers.circuitBreaker(BREAKER_PREFIX + model, this.breakerConfig);
	}

	/**
	 * Runs one call to one model under the composition above.
	 * @param <T> the call's result
	 * @param model the model, for its breaker
	 * @param deadline the reply deadline
	 * @param call one HTTP call
	 * @return the call's result
	 * @throws LlmTransientException when the retries are spent or no longer fit
	 * @throws LlmRejectedException when the upstream rejected the request
	 * @throws io.github.resilience4j.circuitbreaker.CallNotPermittedException while the
	 * model's breaker is open
	 * @throws BulkheadFullException when too many LLM calls are in flight
	 * @throws DeadlineReached when the deadline passed before an attempt
	 */
	<T> T call(String model, Instant deadline, Supplier<T> call) {
		Supplier<T> guarded = CircuitBreaker.decorateSupplier(circuitBreaker(model),
				Bulkhead.decorateSupplier(this.bulkhead, call));
		Supplier<T> inTime = () -> {
			if (!Instant.now().isBefore(deadline)) {
				throw new DeadlineReached();
			}
			try {
				return guarded.get();
			}
			catch (LlmRetryPolicy.DeadlineBound ex) {
				throw ex;
			}
			catch (LlmTransientException ex) {
				throw new LlmRetryPolicy.DeadlineBound(ex, deadline);
			}
		};
		return Retry.decorateSupplier(this.retry, inTime).get();
	}

	/** The reply deadline passed: no further attempt or model. */
	static final class DeadlineReached extends RuntimeException {

		DeadlineReached() {
			super(null, null, false, false);
		}

	}

}
