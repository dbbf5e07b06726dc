package io.agentruntime.memory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One search in one scope.
 *
 * @param query the text to match, non-blank
 * @param tags exactly the tag set the matching documents were written with
 * @param clientId the tenant; every search filters on metadata {@code clientId}
 * @param limit most documents to return
 * @param threshold minimum chunk relevance 0..1
 * @param timeout the longest this search may take
 * @param metadata metadata values every hit must carry besides {@code clientId} (the
 * scope and its key); stores filter on them where they can, so hits of other scopes do
 * not crowd out the scope's own under a union tag rule. Recall checks them again.
 */
public record MemorySearch(String query, List<String> tags, UUID clientId, int limit, double threshold,
		Duration timeout, Map<String, String> metadata) {

	public MemorySearch {
		tags = List.copyOf(tags);
		metadata = (metadata != null) ? Map.copyOf(metadata) : Map.of();
	}

	/** A search filtered on the tenant only. */
	public MemorySearch(String query, List<String> tags, UUID clientId, int limit, double threshold, Duration timeout) {
		this(query, tags, clientId, limit, threshold, timeout, Map.of());
	}

	@Override
	public String toString() {
		return "MemorySearch[tags=" + this.tags + ", limit=" + this.limit + "]";
	}

}
