package io.agentruntime.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One load per key at a time, its value or failure shared by the callers waiting. */
class SingleFlightTests {

	private final AsyncCache<String, String> cache = Caffeine.newBuilder().buildAsync();

	@Test
	void callersWaitingForAFailingLoadShareItsFailureAndDoNotRepeatIt() throws Exception {
		AtomicInteger loads = new AtomicInteger();
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		IllegalStateException outage = new IllegalStateException("database unreachable");
		Map<Thread, Throwable> failures = new ConcurrentHashMap<>();
		Thread first = call(failures, k -> {
			loads.incrementAndGet();
			loading.countDown();
			await(release);
			throw outage;
		});
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		List<Thread> waiters = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			waiters.add(call(failures, k -> {
				loads.incrementAndGet();
				return "loaded by a waiter";
			}));
		}
		// Every waiter is parked on the first caller's load before it fails.
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> waiters.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
		release.countDown();
		first.join();
		for (Thread waiter : waiters) {
			waiter.join();
		}

		assertThat(failures).hasSize(8).allSatisfy((thread, failure) -> assertThat(failure).isSameAs(outage));
		assertThat(loads).hasValue(1);
	}

	@Test
	void aFailureIsNotCachedAndAValueIs() {
		assertThatThrownBy(() -> SingleFlight.get(this.cache, "key", k -> {
			throw new IllegalStateException("database unreachable");
		})).isInstanceOf(IllegalStateException.class);

		assertThat(SingleFlight.get(this.cache, "key", k -> "grant")).isEqualTo("grant");
		assertThat(SingleFlight.get(this.cache, "key", k -> "never loaded")).isEqualTo("grant");
	}

	@Test
	void aSlowLoadHoldsUpNoOtherKeyEvenInTheSameBinOfTheMap() throws Exception {
		// One bin: a synchronous cache would load every key under the same lock.
		AsyncCache<String, String> small = Caffeine.newBuilder().initialCapacity(1).buildAsync();
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread slow = new Thread(() -> SingleFlight.get(small, "slow", k -> {
			loading.countDown();
			await(release);
			return "slow";
		}));
		slow.start();
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();

		for (int i = 0; i < 50; i++) {
			assertThat(SingleFlight.get(small, "other-" + i, k -> "quick " + k)).isEqualTo("quick other-" + i);
		}
		assertThat(slow.isAlive()).as("still loading").isTrue();
		release.countDown();
		slow.join();
	}

	@Test
	void nothingFoundIsAnsweredAndNotCached() {
		assertThat(SingleFlight.get(this.cache, "key", k -> (String) null)).isNull();

		assertThat(SingleFlight.get(this.cache, "key", k -> "created since")).isEqualTo("created since");
	}

	private Thread call(Map<Thread, Throwable> failures, Function<String, String> loader) {
		Thread thread = new Thread(() -> {
			try {
				SingleFlight.get(this.cache, "key", loader);
			}
			catch (RuntimeException ex) {
				failures.put(Thread.currentThread(), ex);
			}
		});
		thread.start();
		return thread;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
