package io.agentruntime.conversation;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Who answers a conversation (DESIGN §11): {@code ai → handoff → human → ai}, or
 * {@code closed} from any state; a closed conversation reopens as {@code ai} on the
 * lead's next message.
 */
public enum ConversationState {

	/** The agent answers. */
	AI,

	/** A hand-off was requested; the agent still answers until staff take over. */
	HANDOFF,

	/** A staff member took over: the agent does not call the LLM. */
	HUMAN,

	/** Done; the lead's next message reopens it as {@link #AI}. */
	CLOSED;

	/** The name used in JSON, SQL and query strings: {@code ai}, {@code handoff}, … */
	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The state of this name, or {@code null} for an unknown one. */
	static ConversationState of(String value) {
		for (ConversationState state : values()) {
			if (state.value().equals(value)) {
				return state;
			}
		}
		return null;
	}

}
