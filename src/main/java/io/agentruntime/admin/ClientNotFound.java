package io.agentruntime.admin;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/** No dealership with this id. */
class ClientNotFound extends ApiProblem {

	ClientNotFound() {
		super(HttpStatus.NOT_FOUND, "not-found", "Not found", "No client with this id.");
	}

}
