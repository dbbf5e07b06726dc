package io.agentruntime.conversation;

import java.time.Instant;
import java.util.UUID;

import io.agentruntime.llm.Qualification;

/**
 * A row of {@code conversation} (DESIGN §11).
 *
 * @param clientId the tenant
 * @param conversationId the tenant's conversation id
 * @param leadId the lead, when a reply named one
 * @param state who answers
 * @param assignee the staff member who took over, or {@code null}
 * @param qualification what is known about the lead, merged across turns
 * @param handoffReason why a hand-off was requested, until release or close
 * @param qualifiedAt when {@code lead.qualified} fired, or {@code null}
 * @param lastMessageAt the last lead, agent or staff message
 * @param version optimistic lock, incremented by every change
 */
record Conversation(UUID clientId, String conversationId, String leadId, ConversationState state, String assignee,
		Qualification qualification, String handoffReason, Instant qualifiedAt, Instant lastMessageAt, long version) {

	Conversation withState(ConversationState state, String assignee, String handoffReason) {
		return new Conversation(this.clientId, this.conversationId, this.leadId, state, assignee, this.qualification,
				handoffReason, this.qualifiedAt, this.lastMessageAt, this.version);
	}

	@Override
	public String toString() {
		return "Conversation[clientId=" + this.clientId + ", state=" + this.state + ", version=" + this.version + "]";
	}

}
