package io.agentruntime.memory;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a failed memory write is tried again (DESIGN §5): doubling waits with equal
 * jitter, capped, never sooner than the store's {@code Retry-After}.
 */
class OutboxBackoffTests {

	private static final OutboxBackoff BACKOFF = new OutboxBackoff(Duration.ofMillis(100), Duration.ofSeconds(5));

	private static final LongUnaryOperator NO_JITTER = bound -> 0;

	private static final LongUnaryOperator FULL_JITTER = bound -> bound;

	@Test
	void doublesTheWaitAfterEachFailedAttempt() {
		assertThat(BACKOFF.after(1, null, FULL_JITTER)).isEqualTo(Duration.ofMillis(100));
		assertThat(BACKOFF.after(2, null, FULL_JITTER)).isEqualTo(Duration.ofMillis(200));
		assertThat(BACKOFF.after(4, null, FULL_JITTER)).isEqualTo(Duration.ofMillis(800));
	}

	@Test
	void keepsAtLeastHalfTheWaitWhateverTheJitter() {
		assertThat(BACKOFF.after(4, null, NO_JITTER)).isEqualTo(Duration.ofMillis(400));
	}

	@Test
	void neverWaitsLongerThanTheCapEvenAfterManyAttempts() {
		assertThat(BACKOFF.after(60, null, FULL_JITTER)).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void waitsAtLeastAsLongAsTheStoreAsks() {
		assertThat(BACKOFF.after(1, Duration.ofSeconds(2), FULL_JITTER)).isEqualTo(Duration.ofSeconds(2));
		assertThat(BACKOFF.after(8, Duration.ofMillis(10), FULL_JITTER)).isEqualTo(Duration.ofSeconds(5));
	}

}
