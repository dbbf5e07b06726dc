package io.agentruntime.memory;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * A memory document names a lead the tenant does not have; answers exactly like the lead
 * API's 404 (and a foreign lead exactly like a missing one).
 */
class UnknownLead extends ApiProblem {

	UnknownLead() {
		super(HttpStatus.NOT_FOUND, "not-found", "Not found", "No lead with this id.");
	}

}
