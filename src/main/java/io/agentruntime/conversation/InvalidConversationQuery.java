package io.agentruntime.conversation;

import java.util.List;
import java.util.Map;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/** A conversation list query with an unknown state, a bad limit or a foreign cursor. */
class InvalidConversationQuery extends ApiProblem {

	InvalidConversationQuery(String field, String message) {
		super(HttpStatus.BAD_REQUEST, "validation", "Invalid request", "The request has invalid fields.",
				List.of(Map.of("field", field, "message", message)));
	}

}
