package io.agentruntime.llm;

import java.time.Duration;
import java.time.Instant;

import io.github.resilience4j.common.retry.configuration.CommonRetryConfigurationProperties;
import io.github.resilience4j.core.IntervalFunction;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which retry configuration wins (docs/llm.md) and how the policy reads a failure's
 * {@code Retry-After} against the reply deadline.
 */
class LlmRetryPolicyTests {

	private static final IntervalFunction TEN_MS = attempt -> 10L;

	@Nested
	class Precedence {

		@Test
		void usesTodaysDefaultsWhenNothingIsConfigured() {
			assertThat(LlmRetryPolicy.resolve(null, null)).isEqualTo(LlmRetryPolicy.DEFAULTS);
		}

		@Test
		void takesTheResilience4jConfigurationWhenNoAliasIsSet() {
			CommonRetryConfigurationProperties.InstanceProperties configured = new CommonRetryConfigurationProperties.InstanceProperties();
			configured.setMaxAttempts(5);
			configured.setWaitDuration(Duration.ofMillis(20));
			configured.setExponentialBackoffMultiplier(3.0);
			configured.setExponentialMaxWaitDuration(Duration.ofSeconds(2));
			configured.setRandomizedWaitFactor(0.1);

			LlmRetryPolicy policy = LlmRetryPolicy.resolve(configured, null);

			assertThat(policy).isEqualTo(new LlmRetryPolicy(5, Duration.ofMillis(20), 3.0, Duration.ofSeconds(2), 0.1,
					Duration.ofSeconds(120)));
		}

		@Test
		void letsEachAgentLlmAliasThatIsSetWinAndLeavesTheOthersToResilience4j() {
			CommonRetryConfigurationProperties.InstanceProperties configured = new CommonRetryConfigurationProperties.InstanceProperties();
			configured.setMaxAttempts(5);
			configured.setWaitDuration(Duration.ofMillis(20));
			LlmProperties.RetrySettings alias = new LlmProperties.RetrySettings(1, null, null, null, null,
					Duration.ofSeconds(30));

			LlmRetryPolicy policy = LlmRetryPolicy.resolve(configured, alias);

			assertThat(policy.maxAttempts()).isEqualTo(2);
			assertThat(policy.initialWait()).isEqualTo(Duration.ofMillis(20));
			assertThat(policy.multiplier()).isEqualTo(LlmRetryPolicy.DEFAULTS.multiplier());
			assertThat(policy.maxRetryAfter()).isEqualTo(Duration.ofSeconds(30));
		}

	}

	@Nested
	class RetryAfterAndDeadline {

		private final LlmRetryPolicy policy = LlmRetryPolicy.DEFAULTS;

		private static LlmTransientException failure(Duration retryAfter, Duration deadlineIn) {
			return new LlmRetryPolicy.DeadlineBound(new LlmTransientException(429, "http_429", retryAfter),
					Instant.now().plus(deadlineIn));
		}

		@Test
		void retriesOnlyTransientFailures() {
			assertThat(this.policy.worthRetrying(new LlmTransientException(503, "http_503", null))).isTrue();
			assertThat(this.policy.worthRetrying(new LlmRejectedException(401, "http_401"))).isFalse();
			assertThat(this.policy.worthRetrying(new IllegalStateException())).isFalse();
		}

		@Test
		void givesTheModelUpWhenRetryAfterDoesNotFitTheDeadline() {
			assertThat(this.policy.worthRetrying(failure(Duration.ofSeconds(1), Duration.ofSeconds(5)))).isTrue();
			assertThat(this.policy.worthRetrying(failure(Duration.ofSeconds(2), Duration.ofMillis(1500)))).isFalse();
		}

		@Test
		void givesTheModelUpWhenRetryAfterExceedsTheCap() {
			assertThat(this.policy.worthRetrying(failure(Duration.ofSeconds(121), Duration.ofMinutes(5)))).isFalse();
		}

		@Test
		void waitsTheUpstreamsHintInsteadOfTheComputedBackoff() {
			assertThat(this.policy.wait(1, failure(Duration.ofMillis(300), Duration.ofSeconds(5)), TEN_MS))
				.isEqualTo(300);
			assertThat(this.policy.wait(1, failure(null, Duration.ofSeconds(5)), TEN_MS)).isEqualTo(10);
		}

		@Test
		void neverWaitsPastTheDeadline() {
			long wait = this.policy.wait(1, failure(null, Duration.ofMillis(400)), attempt -> 8000L);

			assertThat(wait).isBetween(0L, 300L);
		}

	}

}
