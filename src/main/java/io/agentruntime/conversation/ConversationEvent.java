package io.agentruntime.conversation;

import java.util.Map;

/**
 * A row to append to {@code conversation_event} (DESIGN §11). Payloads carry ids, states
 * and qualification, never message text.
 *
 * @param type {@code message.lead}, {@code message.agent}, {@code message.staff},
 * {@code handoff.requested}, {@code state.changed} or {@code lead.qualified}
 * @param payload data for subscribers and webhooks
 */
record ConversationEvent(String type, Map<String, Object> payload) {

	static final String MESSAGE_LEAD = "message.lead";

	static final String MESSAGE_AGENT = "message.agent";

	static final String MESSAGE_STAFF = "message.staff";

	static final String HANDOFF_REQUESTED = "handoff.requested";

	static final String STATE_CHANGED = "state.changed";

	static final String LEAD_QUALIFIED = "lead.qualified";

}
