package io.agentruntime.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit retention (DESIGN §7).
 *
 * @param retention how long exchange rows are kept; at least one day
 * @param purgeInterval how often the purge runs
 * @param purgeBatchSize rows deleted per statement, so no purge holds long locks
 */
@ConfigurationProperties("agent.audit")
public record AuditProperties(@DefaultValue("90d") Duration retention, @DefaultValue("1h") Duration purgeInterval,
		@DefaultValue("1000") int purgeBatchSize) {

	public AuditProperties {
		if (retention.compareTo(Duration.ofDays(1)) < 0) {
			throw new IllegalArgumentException("agent.audit.retention must be at least 1d");
		}
		if (purgeInterval.isNegative() || purgeInterval.isZero()) {
			throw new IllegalArgumentException("agent.audit.purge-interval must be positive");
		}
		if (purgeBatchSize < 1) {
			throw new IllegalArgumentException("agent.audit.purge-batch-size must be at least 1");
		}
	}

}
