package io.agentruntime.limits;

import io.agentruntime.web.ApiProblem;
import io.agentruntime.web.RetryAfter;

import org.springframework.http.HttpStatus;

/**
 * 429 with {@code Retry-After}: the tenant's request rate or daily token budget is used
 * up.
 */
final class TenantRateLimited extends ApiProblem implements RetryAfter {

	private final long retryAfterSeconds;

	private TenantRateLimited(String type, String title, String detail, long retryAfterSeconds) {
		super(HttpStatus.TOO_MANY_REQUESTS, type, title, detail);
		this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
	}

	static TenantRateLimited requests(long retryAfterSeconds) {
		return new TenantRateLimited("rate-limited", "Too many requests",
				"This dealership's requests-per-minute limit is reached. Retry after the indicated time.",
				retryAfterSeconds);
	}

	static TenantRateLimited tokens(long retryAfterSeconds) {
		return new TenantRateLimited("token-budget-exhausted", "Daily token budget exhausted",
				"This dealership's daily token budget is used up. It resets at midnight UTC.", retryAfterSeconds);
	}

	@Override
	public long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
