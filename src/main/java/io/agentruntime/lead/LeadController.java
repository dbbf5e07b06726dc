package io.agentruntime.lead;

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
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/agent/leads/{leadId}} (scope {@code agent:reply}): create or update, read,
 * erase. The tenant comes from the credential; another tenant's lead answers 404 exactly
 * like a missing one.
 */
@RestController
@Tag(name = "Leads", description = "The dealership's leads: the e-mail that keys their memory, and erasure.")
class LeadController {

	/**
	 * The lead id as the reply API accepts it (≤ 64), kept to characters safe in a path.
	 */
	private static final Pattern LEAD_ID = Pattern.compile("^[A-Za-z0-9_.:@-]{1,64}$");

	private final LeadService leads;

	LeadController(LeadService leads) {
		this.leads = leads;
	}

	@PutMapping(path = "/api/agent/leads/{leadId}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "putLead", summary = "Create or update a lead",
			description = "The e-mail keys the lead's memory; changing it starts a new memory scope.")
	@ApiResponse(responseCode = "200", description = "Updated")
	@ApiResponse(responseCode = "201", description = "Created")
	ResponseEntity<LeadService.LeadView> put(@AuthenticationPrincipal TenantPrincipal principal,
			@PathVariable String leadId, @Valid @RequestBody LeadRequest request) {
		UUID clientId = principal.requireClientId();
		boolean created = this.leads.upsert(clientId, valid(leadId), request.email(), request.name());
		LeadService.LeadView lead = this.leads.find(clientId, leadId).orElseThrow(LeadNotFound::new);
		return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(lead);
	}

	@GetMapping(path = "/api/agent/leads/{leadId}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getLead", summary = "One lead")
	@ApiResponse(responseCode = "200", description = "The lead")
	@ApiResponse(responseCode = "404", description = "No such lead for this dealership")
	LeadService.LeadView get(@AuthenticationPrincipal TenantPrincipal principal, @PathVariable String leadId) {
		return this.leads.find(principal.requireClientId(), valid(leadId)).orElseThrow(LeadNotFound::new);
	}

	@DeleteMapping("/api/agent/leads/{leadId}")
	@Operation(operationId = "eraseLead", summary = "Erase a lead",
			description = "Deletes the lead, its stored messages and its memory documents; queued memory writes "
					+ "for it are never delivered.")
	@ApiResponse(responseCode = "204", description = "Erased")
	@ApiResponse(responseCode = "404", description = "No such lead for this dealership")
	ResponseEntity<Void> delete(@AuthenticationPrincipal TenantPrincipal principal, @PathVariable String leadId) {
		this.leads.erase(principal.requireClientId(), valid(leadId));
		return ResponseEntity.noContent().build();
	}

	private static String valid(String leadId) {
		if (!LEAD_ID.matcher(leadId).matches()) {
			throw new InvalidLeadId();
		}
		return leadId;
	}

}
