package io.agentruntime.memory;

import java.util.List;
import java.util.Map;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * Ingest metadata that is not flat {@code string | number | boolean} under a usable key.
 */
class InvalidMetadata extends ApiProblem {

	InvalidMetadata(List<Map<String, String>> errors) {
		super(HttpStatus.BAD_REQUEST, "validation", "Invalid request", "The request has invalid fields.", errors);
	}

}
