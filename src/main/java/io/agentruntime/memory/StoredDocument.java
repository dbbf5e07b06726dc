package io.agentruntime.memory;

import java.util.List;
import java.util.Map;

/**
 * A document as a store lists it (no content: erasure needs only ids, tags and metadata).
 *
 * @param id the store's document id
 * @param customId the writer's id, or {@code null}
 * @param tags the container tags; empty when the store did not return them
 * @param metadata the metadata as written
 */
public record StoredDocument(String id, String customId, List<String> tags, Map<String, Object> metadata) {

	public StoredDocument {
		tags = (tags != null) ? List.copyOf(tags) : List.of();
		metadata = (metadata != null) ? metadata : Map.of();
	}

}
