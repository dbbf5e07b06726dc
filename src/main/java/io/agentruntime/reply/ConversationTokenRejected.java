package io.agentruntime.reply;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * A widget named a conversation without the token the service gave when it started
 * (DESIGN §2): otherwise one visitor could read another's conversation.
 */
class ConversationTokenRejected extends ApiProblem {

	ConversationTokenRejected() {
		super(HttpStatus.FORBIDDEN, "conversation-token", "Conversation token required",
				"Continuing a conversation needs the X-Conversation-Token returned when it started.");
	}

}
