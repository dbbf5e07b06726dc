package io.agentruntime.lead;

import java.util.List;
import java.util.Map;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/** A lead id in the path that is blank, too long or not a plain token. */
class InvalidLeadId extends ApiProblem {

	InvalidLeadId() {
		super(HttpStatus.BAD_REQUEST, "validation", "Invalid request", "The request has invalid fields.",
				List.of(Map.of("field", "leadId", "message", "must be 1..64 characters of A-Z a-z 0-9 _ . : @ -")));
	}

}
