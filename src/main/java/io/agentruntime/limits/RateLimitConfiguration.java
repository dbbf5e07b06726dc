package io.agentruntime.limits;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import io.agentruntime.tenant.TenantPrincipal;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wires the per-tenant limits in front of the endpoints that cost something: the reply
 * (requests and tokens) and memory ingest (requests). An interceptor, not a filter, so
 * that a 429 leaves through the controller advice in the same problem shape as every
 * other error, after security has established the tenant.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	/** The endpoint that calls the LLM, so the daily token budget applies to it too. */
	private static final String REPLY_PATH = "/api/agent/reply";

	@Bean
	PostgreSQLSelectForUpdateBasedProxyManager<String> rateLimitBuckets(DataSource dataSource) {
		return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			.table("rate_limit_bucket")
			.idColumn("id")
			.stateColumn("state")
			.expiresAtColumn("expires_at")
			// A full bucket carries no information: its row may go a minute after it has
			// refilled.
			.expirationAfterWrite(
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
			.build();
	}

	@Bean
	ExpiredBucketCleaner expiredBucketCleaner(PostgreSQLSelectForUpdateBasedProxyManager<String> buckets) {
		return new ExpiredBucketCleaner(buckets);
	}

	/** Registers the limits in front of the reply and memory ingest. */
	@Configuration(proxyBeanMethods = false)
	static class LimitsWebConfiguration implements WebMvcConfigurer {

		private final TenantLimits limits;

		LimitsWebConfiguration(TenantLimits limits) {
			this.limits = limits;
		}

		@Override
		public void addInterceptors(InterceptorRegistry registry) {
			registry.addInterceptor(new LimitsInterceptor(this.limits))
				.addPathPatterns(REPLY_PATH, "/api/agent/memory");
		}

	}

	/** Admits or rejects (429) a tenant's POST before the controller runs. */
	static final class LimitsInterceptor implements HandlerInterceptor {

		private final TenantLimits limits;

		LimitsInterceptor(TenantLimits limits) {
			this.limits = limits;
		}

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			// Not again when an async request's answer is written (the reply does its
			// work
			// on a thread of its own): it was admitted, and counted, once.
			if (!"POST".equals(request.getMethod()) || request.getDispatcherType() == DispatcherType.ASYNC) {
				return true;
			}
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			if (authentication != null && authentication.getPrincipal() instanceof TenantPrincipal principal
					&& principal.clientId() != null) {
				UUID clientId = principal.clientId();
				// The pattern the handler was picked by, so "/api/agent/%72eply" is the
				// reply
				// endpoint too and spends the token budget.
				this.limits.admit(clientId,
						REPLY_PATH.equals(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE)));
			}
			return true;
		}

	}

	/**
	 * Deletes bucket rows of tenants idle long enough for their bucket to be full again.
	 */
	static final class ExpiredBucketCleaner {

		private static final Logger log = LoggerFactory.getLogger(ExpiredBucketCleaner.class);

		private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

		ExpiredBucketCleaner(PostgreSQLSelectForUpdateBasedProxyManager<String> buckets) {
			this.buckets = buckets;
		}

		@Scheduled(initialDelayString = "${agent.limits.cleanup-interval:10m}",
				fixedDelayString = "${agent.limits.cleanup-interval:10m}")
		void removeExpired() {
			try {
				int removed;
				do {
					removed = this.buckets.removeExpired(1000);
				}
				while (removed == 1000);
			}
			catch (RuntimeException ex) {
				// The database is down; health reports it, the next run tries again.
				log.debug("Expired rate-limit buckets not removed: {}", ex.getClass().getSimpleName());
			}
		}

	}

}
