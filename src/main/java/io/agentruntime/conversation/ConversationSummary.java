package io.agentruntime.conversation;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentruntime.llm.Handoff;
import io.agentruntime.llm.Qualification;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A conversation as staff tools see it (DESIGN §11).
 *
 * @param conversationId the tenant's conversation id
 * @param leadId the lead, or {@code null}
 * @param state {@code ai | handoff | human | closed}
 * @param assignee the staff member who took over, or {@code null}
 * @param handoff the pending (or taken-over) hand-off request, or {@code null}
 * @param qualification what is known about the lead, or {@code null}
 * @param lastMessageAt the last lead, agent or staff message
 */
@Schema(name = "ConversationSummary")
@JsonInclude(JsonInclude.Include.ALWAYS)
record ConversationSummary(@Schema(example = "conv-9") String conversationId,
		@Schema(example = "lead-123", nullable = true) String leadId, @Schema(example = "human", allowableValues = {
				"ai", "handoff", "human", "closed" }) ConversationState state,
		@Schema(example = "dana@riverside-motors.example", nullable = true) String assignee,
		@Schema(nullable = true) Handoff handoff, @Schema(nullable = true) Qualification qualification,
		Instant lastMessageAt){

	static ConversationSummary of(Conversation conversation) {
		Handoff handoff = (conversation.state() == ConversationState.HANDOFF || conversation.handoffReason() != null)
				? Handoff.requested(conversation.handoffReason()) : null;
		return new ConversationSummary(conversation.conversationId(), conversation.leadId(), conversation.state(),
				conversation.assignee(), handoff,
				conversation.qualification().isEmpty() ? null : conversation.qualification(),
				conversation.lastMessageAt());
	}

	@Override
	public String toString() {
		return "ConversationSummary[state=" + this.state + "]";
	}

}
