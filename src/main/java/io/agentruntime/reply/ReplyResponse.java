package io.agentruntime.reply;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentruntime.llm.Handoff;
import io.agentruntime.llm.Qualification;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The agent's answer (DESIGN §3, §10).
 *
 * @param reply the text to show the lead
 * @param quickReplies 0..4 follow-ups the lead can click
 * @param usedConfigId the active config used, {@code null} for the defaults
 * @param memoryContextDocs what memory contributed; absent in answers to widget
 * credentials (staff notes never reach end users, DESIGN §2)
 * @param exchangeId the audit row of this exchange
 * @param model the model that produced the reply, {@code null} on fallback
 * @param degraded true when something was skipped or the fallback reply was used
 * @param degradedReasons {@code memory_unavailable}, {@code llm_unavailable},
 * {@code llm_invalid_output}, {@code policy_blocked}
 * @param handoff this turn's hand-off request, or {@code null} (DESIGN §10)
 * @param qualification what is known about the lead, merged across the conversation's
 * turns, or {@code null}
 * @param conversationState {@code ai | handoff | human | closed}, {@code null} without a
 * {@code conversationId}; {@code human} means staff answer (the reply is {@code null},
 * the controller answers 202)
 * @param conversationId the conversation of this exchange: the request's, or for a widget
 * that named none a new one; absent when there is none. Optional for existing clients
 * @param conversationToken widget answers only: what later calls of this conversation
 * send as {@code X-Conversation-Token}. Optional for existing clients
 */
record ReplyResponse(String reply, List<String> quickReplies, UUID usedConfigId,
		@JsonInclude(JsonInclude.Include.NON_NULL) List<MemoryDoc> memoryContextDocs, UUID exchangeId, String model,
		boolean degraded, List<String> degradedReasons, Handoff handoff, Qualification qualification,
		String conversationState,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Schema(nullable = true,
				description = "The conversation of this exchange; a widget that named none gets a new one.") String conversationId,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Schema(nullable = true,
				description = "Widget answers only: send it as X-Conversation-Token on later calls of this "
						+ "conversation.") String conversationToken) {

	/** An answer before the caller's conversation is known. */
	ReplyResponse(String reply, List<String> quickReplies, UUID usedConfigId, List<MemoryDoc> memoryContextDocs,
			UUID exchangeId, String model, boolean degraded, List<String> degradedReasons, Handoff handoff,
			Qualification qualification, String conversationState) {
		this(reply, quickReplies, usedConfigId, memoryContextDocs, exchangeId, model, degraded, degradedReasons,
				handoff, qualification, conversationState, null, null);
	}

	/** Whether staff have the conversation: recorded, not answered. */
	boolean held() {
		return this.reply == null;
	}

	/** The same answer naming its conversation (server-side callers). */
	ReplyResponse withConversation(String conversationId) {
		return new ReplyResponse(this.reply, this.quickReplies, this.usedConfigId, this.memoryContextDocs,
				this.exchangeId, this.model, this.degraded, this.degradedReasons, this.handoff, this.qualification,
				this.conversationState, conversationId, null);
	}

	/**
	 * The answer as a widget may see it: its conversation and token, no memory documents.
	 */
	ReplyResponse forWidget(String conversationId, String conversationToken) {
		return new ReplyResponse(this.reply, this.quickReplies, this.usedConfigId, null, this.exchangeId, this.model,
				this.degraded, this.degradedReasons, this.handoff, this.qualification, this.conversationState,
				conversationId, conversationToken);
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
