package io.agentruntime.limits;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-tenant limits (DESIGN §3, §8): the defaults for every client; a client's own
 * {@code clients.requests_per_minute} / {@code clients.tokens_per_day} override them.
 * {@code 0} switches a limit off; a negative value fails startup.
 *
 * @param requestsPerMinute requests per minute and tenant on the limited endpoints
 * @param tokensPerDay prompt plus completion tokens per tenant and UTC day
 * @param syncInterval how often an instance adds its tenants' spent tokens to the shared
 * counter and reads back the totals: the bound of the token budget's cross-instance
 * overshoot (DESIGN §9). Request buckets synchronise after 5 % of their limit, and at
 * least once a minute (or once this interval, when it is longer)
 */
@ConfigurationProperties("agent.limits")
public record LimitsProperties(@DefaultValue("60") int requestsPerMinute, @DefaultValue("1000000") long tokensPerDay,
		@DefaultValue("1s") Duration syncInterval) {

	@ConstructorBinding
	public LimitsProperties {
		if (requestsPerMinute < 0) {
			throw new IllegalArgumentException("agent.limits.requests-per-minute must not be negative");
		}
		if (tokensPerDay < 0) {
			throw new IllegalArgumentException("agent.limits.tokens-per-day must not be negative");
		}
		if (syncInterval.isNegative() || syncInterval.isZero()) {
			throw new IllegalArgumentException("agent.limits.sync-interval must be positive");
		}
	}

	/** The limits with the default synchronisation interval. */
	public LimitsProperties(int requestsPerMinute, long tokensPerDay) {
		this(requestsPerMinute, tokensPerDay, Duration.ofSeconds(1));
	}

}
