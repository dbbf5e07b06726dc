package io.agentruntime.admin;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * No API key with this id for this tenant; another tenant's key answers exactly the same.
 */
class ApiKeyNotFound extends ApiProblem {

	ApiKeyNotFound() {
		super(HttpStatus.NOT_FOUND, "not-found", "Not found", "No API key with this id.");
	}

}
