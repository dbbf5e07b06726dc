package io.agentruntime.audit;

/**
 * A table of another feature that keeps per-event rows under the audit retention and is
 * {@code partition by range (created_at)} with a default partition (DESIGN §15): its
 * owner declares it as a bean, and {@link DailyPartitions} creates and drops its daily
 * partitions with those of {@code agent_exchange}. The owner names its table; audit never
 * does.
 *
 * @param name the table's name
 */
public record DailyPartitionedTable(String name) {
}
