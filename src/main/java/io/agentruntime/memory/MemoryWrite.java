package io.agentruntime.memory;

import java.util.List;
import java.util.Map;

/**
 * One document to store.
 *
 * @param customId our idempotency key: writing the same id twice updates one document
 * @param content the text
 * @param tags the container tags ({@code client:<id>}, and {@code lead:<key>} when known)
 * @param metadata flat metadata; always carries {@code clientId}
 */
public record MemoryWrite(String customId, String content, List<String> tags, Map<String, Object> metadata) {

	public MemoryWrite {
		tags = List.copyOf(tags);
		metadata = Map.copyOf(metadata);
	}

	@Override
	public String toString() {
		return "MemoryWrite[customId=" + this.customId + ", tags=" + this.tags + "]";
	}

}
