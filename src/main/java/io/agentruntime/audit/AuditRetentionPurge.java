package io.agentruntime.audit;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.agentruntime.limits.TokenUsage;
import io.agentruntime.memory.MemoryOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes exchange rows older than {@code agent.audit.retention} (DESIGN §7, §15): whole
 * days by dropping their daily partition, stray rows of the default partition and dead
 * memory writes in small batches, each its own short statement. Several instances may run
 * it at once: {@code SKIP LOCKED} makes them share the work instead of waiting on each
 * other.
 */
@Component
class AuditRetentionPurge {

	private static final Logger log = LoggerFactory.getLogger(AuditRetentionPurge.class);

	private final AuditProperties properties;

	private final DailyPartitions partitions;

	private final MemoryOutbox memoryOutbox;

	private final TokenUsage tokenUsage;

	AuditRetentionPurge(AuditProperties properties, DailyPartitions partitions, MemoryOutbox memoryOutbox,
			TokenUsage tokenUsage) {
		this.properties = properties;
		this.partitions = partitions;
		this.memoryOutbox = memoryOutbox;
		this.tokenUsage = tokenUsage;
	}

	@Scheduled(initialDelayString = "${agent.audit.purge-interval:1h}",
			fixedDelayString = "${agent.audit.purge-interval:1h}")
	void scheduledPurge() {
		try {
			purge();
		}
		catch (RuntimeException ex) {
			// The database is down; health reports it, the next run catches up.
			log.warn("Audit retention purge skipped: {}", ex.getClass().getSimpleName());
		}
	}

	/**
	 * Drops the expired days and deletes every other expired exchange row and dead memory
	 * write, batch by batch.
	 * @return the number of rows deleted one by one (rows of dropped partitions are not
	 * counted)
	 */
	int purge() {
		OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(this.properties.retention());
		int batch = this.properties.purgeBatchSize();
		int total = 0;
		// Whole days go by dropping their partition (no row-by-row delete, no vacuum
		// debt); the default partition's stray rows by age (DESIGN §15).
		this.partitions.dropBefore(cutoff.toInstant());
		total += this.partitions.purgeDefaults(cutoff.toInstant(), batch);
		this.tokenUsage.purgeBefore(cutoff.toLocalDate());
		// A dead memory write holds a lead's message like the exchange row does, so it
		// follows the same retention (memory deletes them, it owns the outbox).
		total += this.memoryOutbox.purgeDead(cutoff, batch);
		if (total > 0) {
			log.atInfo().addKeyValue("deleted", total).log("audit retention purge deleted={}", total);
		}
		return total;
	}

}
