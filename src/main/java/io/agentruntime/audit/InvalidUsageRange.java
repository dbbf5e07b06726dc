package io.agentruntime.audit;

import java.util.List;
import java.util.Map;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * {@code from}/{@code to} of a usage query that are not dates, reversed, or too far
 * apart.
 */
class InvalidUsageRange extends ApiProblem {

	InvalidUsageRange(String field, String message) {
		super(HttpStatus.BAD_REQUEST, "validation", "Invalid request", "The request has invalid fields.",
				List.of(Map.of("field", field, "message", message)));
	}

}
