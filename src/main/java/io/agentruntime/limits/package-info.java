/**
 * Per-tenant request rates (bucket4j) and daily token budgets. Owns the tables
 * {@code rate_limit_bucket} and {@code tenant_daily_tokens}.
 */
package io.agentruntime.limits;
