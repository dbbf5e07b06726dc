/**
 * Tenants and security: API keys, JWTs, widget origins and conversation tokens, and the
 * change feed that keeps every feature's tenant caches fresh. Owns the tables
 * {@code clients}, {@code api_keys}, {@code service_secret} and {@code tenant_change}.
 */
package io.agentruntime.tenant;
