/**
 * Tenants and security: API keys, JWTs, widget origins and conversation tokens. Owns the
 * tables {@code clients}, {@code api_keys} and {@code service_secret}.
 */
package io.agentruntime.tenant;
