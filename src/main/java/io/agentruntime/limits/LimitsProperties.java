package io.agentruntime.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-tenant limits (DESIGN §3, §8): the defaults for every client; a client's own
 * {@code clients.requests_per_minute} / {@code clients.tokens_per_day} override them.
 * {@code 0} switches a limit off; a negative value fails startup.
 *
 * @param requestsPerMinute requests per minute and tenant on the limited endpoints
 * @param tokensPerDay prompt plus completion tokens per tenant and UTC day
 */
@ConfigurationProperties("agent.limits")
public record LimitsProperties(@DefaultValue("60") int requestsPerMinute, @DefaultValue("1000000") long tokensPerDay) {

	public LimitsProperties {
		if (requestsPerMinute < 0) {
			throw new IllegalArgumentException("agent.limits.requests-per-minute must not be negative");
		}
		if (tokensPerDay < 0) {
			throw new IllegalArgumentException("agent.limits.tokens-per-day must not be negative");
		}
	}

}
