package io.agentruntime.limits;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agentruntime.tenant.TenantDirectory;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.BucketNotFoundException;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.RemoteBucketBuilder;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Service;

/**
 * Enforces a tenant's requests per minute and daily token budget (DESIGN §3, §9, §15).
 * Both hold across instances because both are shared through PostgreSQL, and neither
 * costs a database round trip or a row lock per reply: the request bucket is a bucket4j
 * PostgreSQL bucket used through bucket4j's delaying optimisation (this instance serves
 * up to {@value #UNSYNCHRONIZED_SHARE_PERCENT} % of the limit locally between
 * synchronisations, and synchronises at least once a {@link #MAX_UNSYNCHRONIZED_TIME
 * minute}; limits under {@value #MIN_DELAYED_LIMIT} a minute synchronise on every
 * request), and the budget reads {@link TokenUsage}'s per-day counter. Overshoot across N
 * instances: at most N × 5 % of the request limit, and the tokens the other instances
 * spend in about two sync intervals.
 */
@Service
class TenantLimits {

	/** Share of a request limit an instance may spend before it synchronises. */
	static final int UNSYNCHRONIZED_SHARE_PERCENT = 5;

	/**
	 * The longest a bucket serves locally without synchronising. The overshoot is bounded
	 * by the unsynchronised share alone (an instance synchronises once it has served it),
	 * so the time bound only keeps a quiet tenant's local view from growing stale: a
	 * tenant of a many-tenant instance sees a request every few seconds, and a one-second
	 * bound made nearly every one of its requests a four-round-trip synchronisation
	 * (issue 15 profile: 1.07 per reply of the 200-tenant mix). A minute is the limit's
	 * own window.
	 */
	static final Duration MAX_UNSYNCHRONIZED_TIME = Duration.ofMinutes(1);

	/** Below this many requests a minute, every request goes to the shared bucket. */
	static final int MIN_DELAYED_LIMIT = 100 / UNSYNCHRONIZED_SHARE_PERCENT;

	private final ProxyManager<String> buckets;

	private final TokenUsage tokens;

	private final Duration bucketSyncTime;

	/**
	 * One bucket proxy per tenant and limit: the delaying optimisation keeps its local
	 * state in the proxy, so the proxy must live across requests.
	 */
	private final Cache<String, LocalBucket> proxies = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(100_000)
		.build();

	private final LimitsProperties defaults;

	private final TenantDirectory directory;

	private final Counter rejectedRequests;

	private final Counter rejectedTokens;

	TenantLimits(ProxyManager<String> buckets, TokenUsage tokens, LimitsProperties defaults, MeterRegistry meters,
			TenantDirectory directory) {
		this.buckets = buckets;
		this.tokens = tokens;
		this.defaults = defaults;
		this.bucketSyncTime = (defaults.syncInterval().compareTo(MAX_UNSYNCHRONIZED_TIME) > 0) ? defaults.syncInterval()
				: MAX_UNSYNCHRONIZED_TIME;
		this.directory = directory;
		this.rejectedRequests = rejected(meters, "requests");
		this.rejectedTokens = rejected(meters, "tokens");
	}

	private static Counter rejected(MeterRegistry meters, String limit) {
		return Counter.builder("agent.ratelimit.rejected")
			.description("Requests rejected with 429 by a per-tenant limit")
			.tag("limit", limit)
			.register(meters);
	}

	/**
	 * Admits one request of the tenant or throws {@link TenantRateLimited}.
	 * @param clientId the tenant, from the principal
	 * @param spendsTokens whether the request calls the LLM (then the daily budget
	 * applies too)
	 */
	void admit(UUID clientId, boolean spendsTokens) {
		Limits limits = limitsOf(clientId);
		if (spendsTokens && limits.tokensPerDay() > 0) {
			OffsetDateTime dayStart = LocalDate.now(ZoneOffset.UTC).atStartOfDay().atOffset(ZoneOffset.UTC);
			if (this.tokens.usedToday(clientId) >= limits.tokensPerDay()) {
				this.rejectedTokens.increment();
				long untilMidnight = Duration.between(OffsetDateTime.now(ZoneOffset.UTC), dayStart.plusDays(1))
					.toSeconds();
				throw TenantRateLimited.tokens(untilMidnight + 1);
			}
		}
		if (limits.requestsPerMinute() > 0) {
			ConsumptionProbe probe = consume(clientId, limits.requestsPerMinute());
			if (!probe.isConsumed()) {
				this.rejectedRequests.increment();
				throw TenantRateLimited.requests(TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
			}
		}
	}

	private ConsumptionProbe consume(UUID clientId, int perMinute) {
		// The limit is part of the key: a changed override starts a fresh bucket instead
		// of inheriting one configured for another rate.
		String key = "rpm:" + clientId + ":" + perMinute;
		try {
			LocalBucket local = this.proxies.get(key, k -> new LocalBucket(bucket(k, perMinute), new ReentrantLock()));
			// One request of a tenant at a time per instance: a local consumption takes
			// microseconds, and bucket4j's own batching of concurrent requests on a
			// delayed bucket failed under concurrent first requests (fault campaign).
			local.lock().lock();
			try {
				return local.bucket().tryConsumeAndReturnRemaining(1);
			}
			catch (RuntimeException ex) {
				if (!bucketGone(ex)) {
					throw ex;
				}
				// The expired-bucket cleaner removed the row of a tenant idle for a
				// minute
				// while this instance kept its proxy, and bucket4j did not rebuild it. A
				// fresh proxy starts a full bucket again, as the removed row would have.
				this.proxies.invalidate(key);
				return this.proxies.get(key, k -> new LocalBucket(bucket(k, perMinute), new ReentrantLock()))
					.bucket()
					.tryConsumeAndReturnRemaining(1);
			}
			finally {
				local.lock().unlock();
			}
		}
		catch (RuntimeException ex) {
			// bucket4j wraps SQL failures in its own exceptions; the caller gets the same
			// quick 503 as for any other database outage.
			throw new DataAccessResourceFailureException("Rate limit store unavailable", ex);
		}
	}

	private static boolean bucketGone(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof BucketNotFoundException) {
				return true;
			}
		}
		return false;
	}

	private Bucket bucket(String key, int perMinute) {
		RemoteBucketBuilder<String> builder = this.buckets.builder();
		long unsynchronized = (long) perMinute * UNSYNCHRONIZED_SHARE_PERCENT / 100;
		if (unsynchronized > 0) {
			builder = builder
				.withOptimization(Optimizations.delaying(new DelayParameters(unsynchronized, this.bucketSyncTime)));
		}
		return builder.build(key,
				() -> BucketConfiguration.builder()
					.addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
					.build());
	}

	private Limits limitsOf(UUID clientId) {
		// The overrides come from the directory's few-second cache (evicted at once on
		// this instance when an administrator changes them); the counters themselves
		// always live in PostgreSQL.
		return this.directory.clientLimits(clientId)
			.map(own -> new Limits(
					(own.requestsPerMinute() != null) ? own.requestsPerMinute() : this.defaults.requestsPerMinute(),
					(own.tokensPerDay() != null) ? own.tokensPerDay() : this.defaults.tokensPerDay()))
			.orElse(new Limits(this.defaults.requestsPerMinute(), this.defaults.tokensPerDay()));
	}

	/** A tenant's bucket proxy and the lock that serialises its use on this instance. */
	private record LocalBucket(Bucket bucket, ReentrantLock lock) {
	}

	/** The limits in force for one tenant; {@code 0} means unlimited. */
	private record Limits(int requestsPerMinute, long tokensPerDay) {
	}

}
