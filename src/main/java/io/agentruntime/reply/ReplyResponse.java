package io.agentruntime.reply;

import java.util.List;
import java.util.UUID;

import io.agentruntime.llm.Handoff;
import io.agentruntime.llm.Qualification;

/**
 * The agent's answer (DESIGN §3).
 *
 * @param reply the text to show the lead
 * @param quickReplies 0..4 follow-ups the lead can click
 * @param usedConfigId the active config used, {@code null} for the defaults
 * @param memoryContextDocs what memory contributed
 * @param exchangeId the audit row of this exchange
 * @param model the model that produced the reply, {@code null} on fallback
 * @param degraded true when something was skipped or the fallback reply was used
 * @param degradedReasons {@code memory_unavailable}, {@code llm_unavailable},
 * {@code llm_invalid_output}
 * @param handoff this turn's hand-off request, or {@code null} (DESIGN §10)
 * @param qualification what is known about the lead, merged across the conversation's
 * turns, or {@code null}
 * @param conversationState {@code ai | handoff | human | closed}, {@code null} without a
 * {@code conversationId}; {@code human} means staff answer (the reply is {@code null},
 * the controller answers 202)
 */
record ReplyResponse(String reply, List<String> quickReplies, UUID usedConfigId, List<MemoryDoc> memoryContextDocs,
		UUID exchangeId, String model, boolean degraded, List<String> degradedReasons, Handoff handoff,
		Qualification qualification, String conversationState) {

	/** Whether staff have the conversation: recorded, not answered. */
	boolean held() {
		return this.reply == null;
	}

	/**
	 * A recalled document as shown to the caller.
	 *
	 * @param id the document id
	 * @param score relevance 0..1
	 * @param snippet at most 500 characters
	 */
	record MemoryDoc(String id, double score, String snippet) {
	}

}
