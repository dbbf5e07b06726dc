package io.agentruntime.lead;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * No lead with this id for this tenant; a foreign lead answers exactly the same (no
 * existence leak).
 */
public class LeadNotFound extends ApiProblem {

	public LeadNotFound() {
		super(HttpStatus.NOT_FOUND, "not-found", "Not found", "No lead with this id.");
	}

}
