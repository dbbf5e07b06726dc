package io.agentruntime.memory;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;

/**
 * Deletes a lead's documents from the memory store (DESIGN §5, contracts/supermemory.md
 * §6): list by the write-time tags {@code [client, lead]}, keep only documents whose tags
 * include this tenant's client tag (when the store reports tags) and whose
 * {@code metadata.clientId} is this tenant, then delete those by id. Never a bulk delete
 * by tags and never a container-tag delete: the lead tag of one e-mail is the same at
 * every dealership unless a lead-key secret is set.
 */
@Service
public class MemoryErasure {

	private final MemoryClient memory;

	private final String leadKeySecret;

	MemoryErasure(MemoryClient memory, MemoryProperties properties) {
		this.memory = memory;
		this.leadKeySecret = properties.leadKeySecret();
	}

	/**
	 * Erases the documents of a tenant's lead under every key it may have been written
	 * with: its e-mail's key, and the key of its id (used while it had no e-mail, DESIGN
	 * §5).
	 * @param email the lead's e-mail, or {@code null}
	 * @return documents deleted
	 * @throws MemoryUnavailableException when the store could not list or delete
	 */
	public int eraseLead(UUID clientId, String leadId, String email) {
		int deleted = eraseLead(clientId, MemoryTags.leadIdKey(clientId, leadId, this.leadKeySecret));
		String emailKey = MemoryTags.leadKey(email, this.leadKeySecret);
		return (emailKey != null) ? deleted + eraseLead(clientId, emailKey) : deleted;
	}

	/**
	 * Erases the lead's documents of one tenant.
	 * @param leadKey the lead's key; {@code null} erases nothing (no lead-tagged document
	 * can exist)
	 * @return documents deleted
	 * @throws MemoryUnavailableException when the store could not list or delete
	 */
	public int eraseLead(UUID clientId, String leadKey) {
		if (leadKey == null || this.memory.disabled()) {
			return 0;
		}
		String clientTag = MemoryTags.clientTag(clientId);
		String leadTag = MemoryTags.leadTag(leadKey);
		List<String> ids = this.memory.list(MemoryTags.leadScope(clientId, leadKey))
			.stream()
			.filter(document -> document.tags().isEmpty()
					|| (document.tags().contains(clientTag) && document.tags().contains(leadTag)))
			.filter(document -> clientId.toString().equals(String.valueOf(document.metadata().get("clientId"))))
			.map(StoredDocument::id)
			.toList();
		if (!ids.isEmpty()) {
			this.memory.delete(ids);
		}
		return ids.size();
	}

}
