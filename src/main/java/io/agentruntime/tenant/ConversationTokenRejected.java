package io.agentruntime.tenant;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * A widget named a conversation without the token the service gave when it started
 * (DESIGN §2): otherwise one visitor could read another's conversation.
 */
public class ConversationTokenRejected extends ApiProblem {

	public ConversationTokenRejected() {
		super(HttpStatus.FORBIDDEN, "conversation-token", "Conversation token required",
				"Continuing a conversation needs the X-Conversation-Token returned when it started.");
	}

}
