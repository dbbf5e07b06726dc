package io.agentruntime.conversation;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * A staff action the conversation's state does not allow, or a conversation changed by
 * someone else meanwhile (optimistic locking, DESIGN §11).
 */
class ConversationConflict extends ApiProblem {

	private ConversationConflict(String type, String title, String detail) {
		super(HttpStatus.CONFLICT, type, title, detail);
	}

	static ConversationConflict closed() {
		return new ConversationConflict("conversation-closed", "Conversation closed",
				"The conversation is closed; it reopens with the lead's next message.");
	}

	static ConversationConflict takenOver() {
		return new ConversationConflict("conversation-taken-over", "Conversation taken over",
				"Another staff member has taken over this conversation; it must be released first.");
	}

	static ConversationConflict notHuman() {
		return new ConversationConflict("conversation-not-taken-over", "Conversation not taken over",
				"Staff messages need a conversation taken over by staff (state human).");
	}

	static ConversationConflict changed() {
		return new ConversationConflict("conversation-changed", "Conversation changed",
				"The conversation was changed by someone else at the same time. Read it again and retry.");
	}

}
