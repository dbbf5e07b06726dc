package io.agentruntime.reply;

import java.util.ArrayList;
import java.util.List;

import io.agentruntime.agentconfig.AgentProfile;
import io.agentruntime.conversation.ConversationTurns;
import io.agentruntime.llm.AgentReply;
import io.agentruntime.llm.LlmResult;
import io.agentruntime.memory.MemoryHit;
import io.agentruntime.policy.AiDisclosure;
import io.agentruntime.policy.PolicyGate;

/**
 * What the lead is sent (DESIGN §3): the model's checked reply, or the persona's fallback
 * reply with the reason, and every reason the reply is degraded. A pure value.
 *
 * @param reply the text to send
 * @param quickReplies the model's quick replies, none on fallback
 * @param degradedReasons {@code memory_unavailable} first, then the fallback reason
 * @param fallbackReason {@code llm_unavailable}, {@code llm_invalid_output} or
 * {@code policy_blocked}; {@code null} when the model's reply is sent
 * @param checked the model's result after the commitment policy
 */
record Answer(String reply, List<String> quickReplies, List<String> degradedReasons, String fallbackReason,
		PolicyGate.Checked checked) {

	static Answer of(PolicyGate.Checked checked, AgentProfile profile, boolean memoryUnavailable) {
		List<String> reasons = new ArrayList<>();
		if (memoryUnavailable) {
			reasons.add("memory_unavailable");
		}
		LlmResult result = checked.result();
		if (result.outcome() == LlmResult.Outcome.OK) {
			return new Answer(result.reply().reply(), result.reply().quickReplies(), List.copyOf(reasons), null,
					checked);
		}
		String reason = checked.blocked() ? "policy_blocked"
				: (result.outcome() == LlmResult.Outcome.INVALID_OUTPUT) ? "llm_invalid_output" : "llm_unavailable";
		reasons.add(reason);
		return new Answer(profile.fallbackReply(), List.of(), List.copyOf(reasons), reason, checked);
	}

	/** The same answer opened with the AI disclosure (DESIGN §12). */
	Answer disclosed(String disclosure) {
		return new Answer(AiDisclosure.prefix(disclosure, this.reply), this.quickReplies, this.degradedReasons,
				this.fallbackReason, this.checked);
	}

	boolean degraded() {
		return !this.degradedReasons.isEmpty();
	}

	LlmResult result() {
		return this.checked.result();
	}

	/** The model's reply for the conversation's rules, {@code null} on fallback. */
	AgentReply modelReply() {
		return (result().outcome() == LlmResult.Outcome.OK) ? result().reply() : null;
	}

	ReplyResponse response(AgentProfile profile, List<MemoryHit> hits, ConversationTurns.Recorded recorded) {
		List<ReplyResponse.MemoryDoc> docs = hits.stream()
			.map(hit -> new ReplyResponse.MemoryDoc(hit.documentId(), hit.score(), hit.snippet()))
			.toList();
		return new ReplyResponse(this.reply, this.quickReplies, profile.configId(), docs, recorded.exchangeId(),
				result().model(), degraded(), this.degradedReasons, recorded.handoff(), recorded.qualification(),
				recorded.conversationState());
	}

}
