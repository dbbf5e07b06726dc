package io.agentruntime.llm;

import java.util.List;

/**
 * A validated reply of the LLM (DESIGN §6): {@code reply} 1..2000 characters after trim,
 * and at most four distinct, non-blank quick replies of at most 80 characters each.
 */
public record AgentReply(String reply, List<String> quickReplies) {

	public AgentReply {
		quickReplies = List.copyOf(quickReplies);
	}

	@Override
	public String toString() {
		return "AgentReply[length=" + this.reply.length() + ", quickReplies=" + this.quickReplies.size() + "]";
	}

}
