package io.agentruntime.memory;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.agentruntime.tenant.TenantCache;
import io.agentruntime.tenant.TenantChanges;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which tenants' dealership scope may hold documents (table
 * {@code memory_dealership_scope}, DESIGN §5): those that had an ingest without a lead
 * accepted, and those that existed before the table did. Recall searches the dealership
 * scope only for them, so a tenant without dealership knowledge costs one memory search
 * per reply instead of two. Cached per tenant and kept fresh by the tenant change feed (a
 * trigger on the table), so a first ingest is seen by every instance within about a
 * second, sooner than its queued document can reach the store.
 */
@Component
class DealershipMemory {

	private final JdbcClient jdbc;

	private final TenantCache<Boolean> held;

	DealershipMemory(JdbcClient jdbc, TenantChanges changes) {
		this.jdbc = jdbc;
		this.held = changes.cache("dealership-memory",
				clientId -> jdbc
					.sql("select exists (select 1 from memory_dealership_scope where client_id = :clientId)")
					.param("clientId", clientId)
					.query(Boolean.class)
					.single());
	}

	/** Whether the tenant's dealership scope may hold documents. */
	boolean held(UUID clientId) {
		return this.held.get(clientId);
	}

	/**
	 * Records, in the caller's transaction, that the tenant's dealership scope is about
	 * to hold a document; a no-op when it already does.
	 */
	void add(UUID clientId) {
		this.jdbc.sql("insert into memory_dealership_scope (client_id) values (:clientId) on conflict do nothing")
			.param("clientId", clientId)
			.update();
	}

	/** Caches the answer for these tenants in one query (the warm-up). */
	void preload(Set<UUID> clientIds) {
		if (clientIds.isEmpty()) {
			return;
		}
		this.held.preload(() -> {
			Map<UUID, Boolean> held = new HashMap<>();
			clientIds.forEach(id -> held.put(id, false));
			this.jdbc.sql("select client_id from memory_dealership_scope where client_id in (:ids)")
				.param("ids", clientIds)
				.query(UUID.class)
				.list()
				.forEach(id -> held.put(id, true));
			return held;
		});
	}

}
