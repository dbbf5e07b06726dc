package io.agentruntime.lead;

import io.agentruntime.web.ApiProblem;
import io.agentruntime.web.RetryAfter;

import org.springframework.http.HttpStatus;

/**
 * Erasure could not reach the memory store; nothing was erased yet, so retrying is safe.
 */
class MemoryUnavailable extends ApiProblem implements RetryAfter {

	MemoryUnavailable() {
		super(HttpStatus.SERVICE_UNAVAILABLE, "memory-unavailable", "Memory unavailable",
				"The lead's memory could not be erased right now. Nothing was deleted; try again shortly.");
	}

	@Override
	public long retryAfterSeconds() {
		return 30;
	}

}
