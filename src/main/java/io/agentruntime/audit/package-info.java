/**
 * The record of every exchange (the audit row of each 200 reply), usage reports,
 * retention and the daily partitions. Owns the table {@code agent_exchange}.
 */
package io.agentruntime.audit;
