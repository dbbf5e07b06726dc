package io.agentruntime.memory;

import java.util.List;

/**
 * The port to a memory store (Supermemory, the built-in PostgreSQL store, or none).
 *
 * <p>
 * Contract: {@link #search} returns the hits of one scope, best first, or throws
 * {@link MemoryUnavailableException} when the store failed or was too slow; callers then
 * skip recall. Implementations must apply the tenant's metadata filter; callers still
 * drop any hit whose {@code metadata.clientId} differs. {@link #write} stores or updates
 * (by {@code customId}) one document and throws {@link MemoryUnavailableException} when
 * it could not. {@link #list} and {@link #delete} serve erasure: callers re-check every
 * listed document before deleting it by id.
 */
public interface MemoryClient {

	/**
	 * Searches one scope.
	 * @param search the query, tags and tenant; must not be {@literal null}
	 * @return hits, best first; never {@literal null}
	 */
	List<MemoryHit> search(MemorySearch search);

	/**
	 * Stores one document, or updates the one written earlier with the same
	 * {@code customId}.
	 * @param write the document; must not be {@literal null}
	 */
	void write(MemoryWrite write);

	/**
	 * Every document the store files under these tags, all pages collected before
	 * returning (so a caller may delete while iterating). The store's own tag rule
	 * applies; callers must re-check.
	 * @param tags the tags, at least one; must not be {@literal null}
	 * @return the documents; never {@literal null}
	 */
	List<StoredDocument> list(List<String> tags);

	/**
	 * Deletes documents by id; an id that is already gone counts as deleted.
	 * @param documentIds the store's document ids; must not be {@literal null}
	 */
	void delete(List<String> documentIds);

	/** True when this client is the "none" provider, which recalls and stores nothing. */
	default boolean disabled() {
		return false;
	}

	/** A cheap liveness probe for the health endpoint; true when the store answered. */
	boolean probe();

}
