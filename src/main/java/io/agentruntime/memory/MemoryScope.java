package io.agentruntime.memory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One memory scope (DESIGN §5): where a write goes and which hits a search in it may
 * return. Writes and reads use the same scope, so the tags a search uses are exactly the
 * tags the matching writes used, and the metadata a write carries is exactly what recall
 * checks.
 *
 * <ul>
 * <li>{@code lead}: {@code [client, lead:<leadKey>]}, metadata {@code scope=lead} and
 * {@code leadKey};</li>
 * <li>{@code conversation}: {@code [client, conv:<conversationKey>]}, metadata
 * {@code scope=conversation} and {@code conversationKey};</li>
 * <li>{@code dealership}: {@code [client]}, metadata {@code scope=dealership} (only what
 * staff ingest without a lead).</li>
 * </ul>
 * Every write also carries {@code clientId}.
 *
 * @param clientId the tenant
 * @param kind the kind of scope
 * @param key the lead or conversation key; {@code null} for the dealership scope
 */
record MemoryScope(UUID clientId, Kind kind, String key) {

	/**
	 * Metadata keys that belong to the runtime; a caller's values for them never count.
	 */
	static final List<String> RESERVED = List.of("clientId", "scope", "leadKey", "conversationKey");

	MemoryScope {
		Objects.requireNonNull(clientId, "clientId");
		Objects.requireNonNull(kind, "kind");
		if ((kind == Kind.DEALERSHIP) != (key == null)) {
			throw new IllegalArgumentException(
					"a " + kind.value + " scope " + ((key == null) ? "needs" : "has no") + " key");
		}
	}

	static MemoryScope lead(UUID clientId, String leadKey) {
		return new MemoryScope(clientId, Kind.LEAD, leadKey);
	}

	static MemoryScope conversation(UUID clientId, String conversationKey) {
		return new MemoryScope(clientId, Kind.CONVERSATION, conversationKey);
	}

	static MemoryScope dealership(UUID clientId) {
		return new MemoryScope(clientId, Kind.DEALERSHIP, null);
	}

	/** The container tags of this scope. */
	List<String> tags() {
		return switch (this.kind) {
			case LEAD -> MemoryTags.leadScope(this.clientId, this.key);
			case CONVERSATION -> MemoryTags.conversationScope(this.clientId, this.key);
			case DEALERSHIP -> MemoryTags.dealershipScope(this.clientId);
		};
	}

	/** The metadata a search in this scope filters on, besides {@code clientId}. */
	Map<String, String> filter() {
		return (this.kind.keyField != null) ? Map.of("scope", this.kind.value, this.kind.keyField, this.key)
				: Map.of("scope", this.kind.value);
	}

	/**
	 * Stamps a write's metadata with this scope: the runtime's keys replace whatever the
	 * caller sent under the same names, so no caller can claim another tenant, scope,
	 * lead or conversation.
	 */
	void stamp(Map<String, Object> metadata) {
		RESERVED.forEach(metadata::remove);
		metadata.put("clientId", this.clientId.toString());
		metadata.put("scope", this.kind.value);
		if (this.kind.keyField != null) {
			metadata.put(this.kind.keyField, this.key);
		}
	}

	/**
	 * Whether a recalled document belongs to this scope by its metadata: same tenant,
	 * same scope, same lead or conversation key. Checked on every hit whatever the
	 * store's tag rule (union, all, exact set); a document without a {@code scope}
	 * (written before scopes existed) never belongs.
	 */
	boolean admits(Map<String, Object> metadata) {
		if (!this.clientId.toString().equals(metadata.get("clientId"))
				|| !this.kind.value.equals(metadata.get("scope"))) {
			return false;
		}
		if (this.kind.keyField == null) {
			return !metadata.containsKey(Kind.LEAD.keyField) && !metadata.containsKey(Kind.CONVERSATION.keyField);
		}
		return this.key.equals(metadata.get(this.kind.keyField));
	}

	@Override
	public String toString() {
		return "MemoryScope[" + this.kind.value + "]";
	}

	/** The kinds of scope, with their metadata names. */
	enum Kind {

		LEAD("lead", "leadKey"), CONVERSATION("conversation", "conversationKey"), DEALERSHIP("dealership", null);

		final String value;

		final String keyField;

		Kind(String value, String keyField) {
			this.value = value;
			this.keyField = keyField;
		}

	}

}
