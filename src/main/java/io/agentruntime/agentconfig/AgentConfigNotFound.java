package io.agentruntime.agentconfig;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * No config with this id for this tenant; another tenant's config answers exactly the
 * same (DESIGN §2).
 */
class AgentConfigNotFound extends ApiProblem {

	AgentConfigNotFound() {
		super(HttpStatus.NOT_FOUND, "not-found", "Not found", "No agent config with this id.");
	}

}
