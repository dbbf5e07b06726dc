package io.agentruntime.audit;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExchangeIdsTests {

	@Test
	void givesTimeOrderedVersion7IdsThatSortAfterThoseOfEarlierMilliseconds() throws InterruptedException {
		long before = System.currentTimeMillis();
		UUID first = ExchangeIds.next();
		Thread.sleep(2);
		UUID later = ExchangeIds.next();

		assertThat(first.version()).isEqualTo(7);
		assertThat(first.variant()).isEqualTo(2);
		assertThat(first.getMostSignificantBits() >>> 16).isBetween(before, System.currentTimeMillis());
		// Both Java's signed comparison and PostgreSQL's byte order: the time comes
		// first.
		assertThat(later).isGreaterThan(first);
		assertThat(later.toString()).isGreaterThan(first.toString());
	}

	@Test
	void keepsIdsOfTheSameMillisecondUnique() {
		Set<UUID> ids = new HashSet<>();
		for (int i = 0; i < 100_000; i++) {
			ids.add(ExchangeIds.next());
		}
		assertThat(ids).hasSize(100_000);
	}

}
