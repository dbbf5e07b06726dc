package io.agentruntime.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.agentruntime.web.SingleFlight;
import io.micrometer.core.instrument.Counter;

/**
 * A cache of tenant lookups that the change feed keeps fresh ({@link TenantChanges}):
 * entries live for minutes, and are forgotten when their tenant changes. Each entry
 * remembers when its load started, so that while the feed cannot be read an entry older
 * than the feed's staleness bound is loaded again instead of served.
 *
 * <p>
 * Loads go through {@link SingleFlight}: one at a time per key, a failure shared by the
 * callers waiting for it and never cached.
 */
final class StampedCache<K, V> {

	/**
	 * How long an entry lives at most even when its tenant never changes: a backstop, not
	 * the way changes reach the cache.
	 */
	static final Duration LIFETIME = Duration.ofMinutes(10);

	/**
	 * Each entry lives a random time between half of {@link #LIFETIME} and all of it.
	 * With one lifetime for all, the tenants loaded together (the warm-up, the first
	 * minute of traffic) expired together, and since the busy ones are reloaded at once,
	 * they stayed together: every ten minutes, hundreds of loads in a second (issue 15,
	 * docs/notes/15-s12.md: two of the benchmark's stalls).
	 */
	private final AsyncCache<K, Stamped<V>> cache = Caffeine.newBuilder()
		.expireAfter(Expiry.<K, Stamped<V>>writing((key, entry) -> lifetime()))
		.maximumSize(10_000)
		.buildAsync();

	private final Function<K, V> loader;

	private final BiFunction<K, V, UUID> tenantOf;

	private final TenantChanges changes;

	private final Counter loads;

	/**
	 * @param tenantOf the tenant of an entry, {@code null} for an entry that any change
	 * must evict (e.g. "no such key": the key may be added to any tenant)
	 */
	StampedCache(Function<K, V> loader, BiFunction<K, V, UUID> tenantOf, TenantChanges changes, Counter loads) {
		this.loader = loader;
		this.tenantOf = tenantOf;
		this.changes = changes;
		this.loads = loads;
	}

	V get(K key) {
		Stamped<V> entry = SingleFlight.get(this.cache, key, this::load);
		if (!this.changes.servable(entry.loadedAt()) && this.changes.catchUp()) {
			// The feed was late and has been read now: the entry is gone if its tenant
			// changed meanwhile.
			entry = SingleFlight.get(this.cache, key, this::load);
		}
		if (!this.changes.servable(entry.loadedAt())) {
			// The feed cannot be read: this entry may miss a change.
			this.cache.synchronous().asMap().remove(key, entry);
			entry = SingleFlight.get(this.cache, key, this::load);
		}
		return entry.value();
	}

	/** A lifetime for a new entry: between half of {@link #LIFETIME} and all of it. */
	static Duration lifetime() {
		long max = LIFETIME.toMillis();
		return Duration.ofMillis(ThreadLocalRandom.current().nextLong(max / 2, max + 1));
	}

	private Stamped<V> load(K key) {
		Instant started = this.changes.now();
		this.loads.increment();
		return new Stamped<>(this.loader.apply(key), started);
	}

	/**
	 * Puts values read outside {@link #get} (a batch read at start-up), keeping any entry
	 * already there; they live as if loaded when the read started.
	 */
	void preload(Supplier<Map<K, V>> read) {
		Instant started = this.changes.now();
		read.get()
			.forEach((key, value) -> this.cache.asMap()
				.putIfAbsent(key, CompletableFuture.completedFuture(new Stamped<>(value, started))));
	}

	void evict(K key) {
		this.cache.synchronous().invalidate(key);
	}

	void evictAll() {
		this.cache.synchronous().invalidateAll();
	}

	/**
	 * Forgets the entries of these tenants, the entries that belong to no tenant, and
	 * loads still running (they may have read the state before the change).
	 */
	void evictTenants(Collection<UUID> clientIds) {
		this.cache.asMap().forEach((key, future) -> {
			Stamped<V> entry = future.getNow(null);
			UUID tenant = (entry != null) ? this.tenantOf.apply(key, entry.value()) : null;
			if (tenant == null || clientIds.contains(tenant)) {
				this.cache.asMap().remove(key, future);
			}
		});
	}

	/** A value and the instant its load started. */
	record Stamped<V>(V value, Instant loadedAt) {
	}

}
