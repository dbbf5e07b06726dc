package io.agentruntime.agentconfig;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * Deleting the active config would silently switch replies to the defaults: activate
 * another one first.
 */
class ActiveConfigCannotBeDeleted extends ApiProblem {

	ActiveConfigCannotBeDeleted() {
		super(HttpStatus.CONFLICT, "active-config-cannot-be-deleted", "Active config cannot be deleted",
				"This config is active. Activate another config before deleting it.");
	}

}
