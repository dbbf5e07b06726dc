package io.agentruntime.llm;

import java.util.List;

/**
 * A validated reply of the LLM (DESIGN §6, §10): {@code reply} 1..2000 characters after
 * trim, at most four distinct, non-blank quick replies of at most 80 characters each, and
 * what the model noticed about the conversation.
 *
 * @param reply the text for the lead
 * @param quickReplies the quick replies kept
 * @param handoff a requested hand-off, or {@code null}
 * @param qualification what the model learnt about the lead this turn, never {@code null}
 * ({@link Qualification#NONE} when nothing)
 */
public record AgentReply(String reply, List<String> quickReplies, Handoff handoff, Qualification qualification) {

	public AgentReply {
		quickReplies = List.copyOf(quickReplies);
		handoff = (handoff != null && handoff.requested()) ? handoff : null;
		qualification = (qualification != null) ? qualification : Qualification.NONE;
	}

	/** A reply without hand-off or qualification. */
	public AgentReply(String reply, List<String> quickReplies) {
		this(reply, quickReplies, null, null);
	}

	@Override
	public String toString() {
		return "AgentReply[length=" + this.reply.length() + ", quickReplies=" + this.quickReplies.size() + ", handoff="
				+ (this.handoff != null) + "]";
	}

}
