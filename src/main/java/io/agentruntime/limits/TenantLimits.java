package io.agentruntime.limits;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.agentruntime.tenant.TenantDirectory;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Enforces a tenant's requests per minute and daily token budget (DESIGN §3). Both hold
 * across instances because both live in PostgreSQL: the request bucket is a bucket4j row
 * locked with {@code SELECT … FOR UPDATE}, and the budget is summed from the tenant's
 * audit rows of the UTC day.
 */
@Service
class TenantLimits {

	private final ProxyManager<String> buckets;

	private final JdbcClient jdbc;

	private final LimitsProperties defaults;

	private final TenantDirectory directory;

	private final Counter rejectedRequests;

	private final Counter rejectedTokens;

	TenantLimits(ProxyManager<String> buckets, JdbcClient jdbc, LimitsProperties defaults, MeterRegistry meters,
			TenantDirectory directory) {
		this.buckets = buckets;
		this.jdbc = jdbc;
		this.defaults = defaults;
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
			long used = this.jdbc.sql("""
					select coalesce(sum(coalesce(prompt_tokens, 0) + coalesce(completion_tokens, 0)), 0)
					from agent_exchange where client_id = ? and created_at >= ?
					""").params(clientId, dayStart).query(Long.class).single();
			if (used >= limits.tokensPerDay()) {
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
			return this.buckets.builder()
				.build(key,
						() -> BucketConfiguration.builder()
							.addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
							.build())
				.tryConsumeAndReturnRemaining(1);
		}
		catch (RuntimeException ex) {
			// bucket4j wraps SQL failures in its own exceptions; the caller gets the same
			// quick 503 as for any other database outage.
			throw new DataAccessResourceFailureException("Rate limit store unavailable", ex);
		}
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

	/** The limits in force for one tenant; {@code 0} means unlimited. */
	private record Limits(int requestsPerMinute, long tokensPerDay) {
	}

}
