package io.agentruntime.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.agentruntime.tenant.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/agent/memory} (scope {@code agent:reply}): queues a document in the
 * tenant's memory through the outbox, tagged exactly like the runtime's own writes, and
 * answers 202 with the write's id before anything reaches the store.
 */
@RestController
@Tag(name = "Memory", description = "Documents the agent recalls for a dealership or one of its leads.")
class MemoryController {

	/** Metadata keys usable in upstream filters (contracts/supermemory.md §3.1). */
	private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9_.-]{1,64}$");

	private final MemoryOutbox outbox;

	MemoryController(MemoryOutbox outbox) {
		this.outbox = outbox;
	}

	@PostMapping(path = "/api/agent/memory", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "ingestMemory", summary = "Queue a memory document",
			description = "Stored through the durable outbox; 202 once queued, delivered in the background.")
	@ApiResponse(responseCode = "202", description = "Queued")
	@ApiResponse(responseCode = "404", description = "Unknown leadId")
	ResponseEntity<Accepted> ingest(@AuthenticationPrincipal TenantPrincipal principal,
			@Valid @RequestBody MemoryIngestRequest request) {
		validate(request.metadata());
		UUID id = this.outbox
			.enqueueIngest(principal.requireClientId(), request.leadId(), request.content(), request.metadata())
			.orElseThrow(UnknownLead::new);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(id.toString()));
	}

	private static void validate(Map<String, Object> metadata) {
		List<Map<String, String>> errors = new ArrayList<>();
		metadata.forEach((key, value) -> {
			if (!KEY.matcher(key).matches()) {
				errors.add(Map.of("field", "metadata", "message", "keys must be 1..64 of A-Z a-z 0-9 _ . -"));
			}
			else if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
				errors.add(Map.of("field", "metadata." + key, "message", "must be a string, number or boolean"));
			}
			else if (value instanceof String text && text.length() > 1000) {
				errors.add(Map.of("field", "metadata." + key, "message", "size must be between 0 and 1000"));
			}
		});
		if (!errors.isEmpty()) {
			throw new InvalidMetadata(errors);
		}
	}

	/**
	 * @param id the queued write's id
	 */
	record Accepted(String id) {
	}

}
