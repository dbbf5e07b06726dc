package io.agentruntime.reply;

import java.util.List;
import java.util.UUID;

import io.agentruntime.agentconfig.AgentProfile;
import io.agentruntime.audit.ExchangeRecord;
import io.agentruntime.conversation.ConversationTurns;
import io.agentruntime.llm.AgentReply;
import io.agentruntime.llm.LlmRequest;
import io.agentruntime.memory.MemoryRecall;
import io.agentruntime.policy.PolicyGate;
import io.agentruntime.prompt.PromptBuilder.PastExchange;

/**
 * What a reply needs from the other features, as the reply sees it. {@link ReplyAdapters}
 * connects each port to its feature; a unit test gives {@link AgentRuntimeService} fakes,
 * so the orchestration is specified without Spring or a database.
 */
interface ReplyPorts {

	/** The persona a tenant's replies use. */
	@FunctionalInterface
	interface AgentProfiles {

		/**
		 * @return the tenant's active config, or the defaults when it has none
		 */
		AgentProfile active(UUID clientId);

	}

	/** The tenant's leads, as far as memory scopes need them. */
	@FunctionalInterface
	interface Leads {

		/**
		 * @param leadId the request's lead, or {@code null}
		 * @return the lead as read, {@link Lead#NONE} when {@code leadId} is {@code null}
		 * @throws io.agentruntime.lead.LeadNotFound when the tenant has no such lead
		 */
		Lead require(UUID clientId, String leadId);

	}

	/**
	 * A request's lead as the reply read it before the LLM call.
	 *
	 * @param key the lead's memory key, or {@code null} without a lead
	 * @param email its e-mail ({@code ""} for none), or {@code null} without a lead: the
	 * audit write checks that it is still the lead's (DESIGN §15)
	 */
	record Lead(String key, String email) {

		/** No lead. */
		static final Lead NONE = new Lead(null, null);

		@Override
		public String toString() {
			return "Lead[]";
		}

	}

	/** What memory recalls for one reply (DESIGN §5). */
	@FunctionalInterface
	interface Recollection {

		/**
		 * @param leadKey the lead's key, or {@code null}
		 * @param conversationId the conversation, or {@code null}
		 * @param query the topic or the message
		 * @return the hits, or an unavailable recall; never throws for an upstream fault
		 */
		MemoryRecall.Recall recall(UUID clientId, String leadKey, String conversationId, String query);

	}

	/** The model's answer after the commitment policy (DESIGN §6, §12). */
	@FunctionalInterface
	interface Answers {

		/**
		 * @return the checked result; an unusable upstream is an outcome, never an
		 * exception
		 */
		PolicyGate.Checked answer(AgentProfile profile, LlmRequest request);

	}

	/** The conversation and its audit trail (DESIGN §7, §11). */
	interface Turns {

		/**
		 * The conversation as this reply opens it, in one read: whether staff have it and
		 * when it started ({@code null} conversation: a new one).
		 */
		ConversationTurns.Opening opening(UUID clientId, String conversationId);

		/** The opened conversation's latest exchanges, oldest first; none without one. */
		List<PastExchange> recent(UUID clientId, String conversationId, ConversationTurns.Opening opening);

		/**
		 * Records an answered message together with its conversation's change, in one
		 * statement when nothing changed since the reply opened the conversation.
		 * @param leadEmail the lead's e-mail as read ({@link Lead#email()})
		 */
		ConversationTurns.Recorded recordAnswered(ExchangeRecord exchange, AgentReply reply,
				ConversationTurns.Opening opening, String leadEmail);

		/** Records a message staff will answer. */
		ConversationTurns.Recorded recordHeld(ExchangeRecord exchange);

	}

}
