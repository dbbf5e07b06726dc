package io.agentruntime.tenant;

import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A per-tenant cache of another feature that the tenant change feed keeps fresh, made by
 * {@link TenantChanges#cache}: an entry lives for minutes and is forgotten within about a
 * second of any change of its tenant's {@code clients}, {@code api_keys} or
 * {@code ai_agent_config} rows, on every instance. A load runs once at a time per tenant,
 * and a failed load is never cached.
 *
 * @param <V> what is cached per tenant; never {@code null} (use {@code Optional})
 */
public final class TenantCache<V> {

	private final StampedCache<UUID, V> cache;

	TenantCache(StampedCache<UUID, V> cache) {
		this.cache = cache;
	}

	/** The cached value of the tenant, loaded when missing. */
	public V get(UUID clientId) {
		return this.cache.get(clientId);
	}

	/**
	 * Puts the values of tenants read together (the warm-up before the instance opens its
	 * port), keeping any value already cached.
	 * @param read one read of several tenants' values
	 */
	public void preload(Supplier<Map<UUID, V>> read) {
		this.cache.preload(read);
	}

	/**
	 * Forgets the tenant's value on this instance at once, e.g. after this instance
	 * changed it (call it once the change has committed).
	 */
	public void evict(UUID clientId) {
		this.cache.evict(clientId);
	}

}
