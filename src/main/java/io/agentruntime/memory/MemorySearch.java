package io.agentruntime.memory;

import java.time.Duration;
import java.util.List;
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
 */
public record MemorySearch(String query, List<String> tags, UUID clientId, int limit, double threshold,
		Duration timeout) {

	public MemorySearch {
		tags = List.copyOf(tags);
	}

	@Override
	public String toString() {
		return "MemorySearch[tags=" + this.tags + ", limit=" + this.limit + "]";
	}

}
