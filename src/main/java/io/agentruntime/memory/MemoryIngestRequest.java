package io.agentruntime.memory;

import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/agent/memory} (DESIGN §3). A {@code clientId} in the body, or in the
 * metadata, is ignored: the tenant comes from the credential.
 *
 * @param content the text to remember, 1..20000 characters after trim
 * @param leadId the tenant's lead this is about, optional (else dealership-wide)
 * @param metadata flat metadata: keys {@code [A-Za-z0-9_.-]}, ≤ 64 chars; values string,
 * number or boolean; at most 50 entries
 */
record MemoryIngestRequest(@NotBlank(message = "must not be blank") @Size(max = 20000) String content,
		@Size(max = 64) String leadId, @Size(max = 50) Map<String, Object> metadata) {

	MemoryIngestRequest {
		content = (content != null) ? content.trim() : null;
		leadId = (leadId == null || leadId.isBlank()) ? null : leadId.trim();
		metadata = (metadata != null) ? metadata : Map.of();
	}

	@Override
	public String toString() {
		return "MemoryIngestRequest[leadId=" + this.leadId + "]";
	}

}
