package io.agentruntime.agentconfig;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * The config changed since the caller read it (optimistic locking on {@code version}).
 */
class StaleVersion extends ApiProblem {

	StaleVersion() {
		super(HttpStatus.CONFLICT, "stale-version", "Stale version",
				"The config was changed by someone else. Read it again and retry with its current version.");
	}

}
