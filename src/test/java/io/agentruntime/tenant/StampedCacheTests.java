package io.agentruntime.tenant;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StampedCacheTests {

	@Test
	void spreadsTheLifetimesOfEntriesSoThatTenantsLoadedTogetherDoNotExpireTogether() {
		List<Duration> lifetimes = new ArrayList<>();
		for (int i = 0; i < 1_000; i++) {
			lifetimes.add(StampedCache.lifetime());
		}

		assertThat(lifetimes).allSatisfy((lifetime) -> assertThat(lifetime)
			.isBetween(StampedCache.LIFETIME.dividedBy(2), StampedCache.LIFETIME));
		// A thousand entries loaded in the same second expire over five minutes, not at
		// once.
		assertThat(Collections.min(lifetimes)).isLessThan(StampedCache.LIFETIME.multipliedBy(55).dividedBy(100));
		assertThat(Collections.max(lifetimes)).isGreaterThan(StampedCache.LIFETIME.multipliedBy(95).dividedBy(100));
		assertThat(lifetimes.stream().map(Duration::toSeconds).distinct().count()).isGreaterThan(200);
	}

}
