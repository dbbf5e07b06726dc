package io.agentruntime.agentconfig;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * The tenant has no active config; replies use the conservative defaults meanwhile
 * (DESIGN §4).
 */
class NoActiveConfig extends ApiProblem {

	NoActiveConfig() {
		super(HttpStatus.NOT_FOUND, "not-found", "Not found", "No agent config is active.");
	}

}
