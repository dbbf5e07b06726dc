package io.agentruntime.lead;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;

/**
 * {@code PUT /api/agent/leads/{leadId}}. Blank fields count as absent; the e-mail derives
 * the lead's memory key, so changing it starts a new memory scope for the lead.
 *
 * @param email the lead's e-mail, optional, ≤ 320 characters
 * @param name the lead's name, optional, ≤ 200 characters
 */
record LeadRequest(@Email @Size(max = 320) String email, @Size(max = 200) String name) {

	LeadRequest {
		email = (email == null || email.isBlank()) ? null : email.trim();
		name = (name == null || name.isBlank()) ? null : name.trim();
	}

	@Override
	public String toString() {
		return "LeadRequest[]";
	}

}
