package io.agentruntime.reply;

import io.agentruntime.web.ApiProblem;
import io.agentruntime.web.RetryAfter;

import org.springframework.http.HttpStatus;

/** 503 with {@code Retry-After}: this instance already works on {@code agent.reply.max-in-flight} replies. */
class ReplyOverloaded extends ApiProblem implements RetryAfter {

	ReplyOverloaded() {
		super(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Service busy",
				"Too many replies are in progress on this instance. Retry after the indicated time.");
	}

	@Override
	public long retryAfterSeconds() {
		// Replies take about the LLM's latency (around a second): by then permits have come free.
		return 1;
	}

}
