package io.agentruntime.memory;

import java.util.Map;

/**
 * A recalled document.
 *
 * @param documentId the upstream's document id
 * @param score relevance 0..1
 * @param snippet the matching text, at most 500 characters
 * @param metadata the document's metadata as written (carries {@code clientId})
 */
public record MemoryHit(String documentId, double score, String snippet, Map<String, Object> metadata) {

	/** Longest snippet kept (DESIGN §5). */
	public static final int MAX_SNIPPET_CHARS = 500;

	public MemoryHit {
		snippet = (snippet == null) ? "" : snippet;
		if (snippet.length() > MAX_SNIPPET_CHARS) {
			snippet = snippet.substring(0, MAX_SNIPPET_CHARS);
		}
		metadata = (metadata != null) ? metadata : Map.of();
	}

	@Override
	public String toString() {
		return "MemoryHit[documentId=" + this.documentId + ", score=" + this.score + "]";
	}

}
