package io.agentruntime.agentconfig;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * A concurrent change won the race for the tenant's active config. Activations are
 * serialised by a row lock, so this is the safety net behind the partial unique index:
 * the caller may simply retry.
 */
class ActivationConflict extends ApiProblem {

	ActivationConflict() {
		super(HttpStatus.CONFLICT, "activation-conflict", "Activation conflict",
				"Another change to the active config happened at the same time. Retry.");
	}

}
