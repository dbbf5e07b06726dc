package io.agentruntime.conversation;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * The tenant has no exchange in this conversation; another tenant's conversation answers
 * the same.
 */
class ConversationNotFound extends ApiProblem {

	ConversationNotFound() {
		super(HttpStatus.NOT_FOUND, "not-found", "Not found", "No conversation with this id.");
	}

}
