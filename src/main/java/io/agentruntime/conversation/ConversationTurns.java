package io.agentruntime.conversation;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

import io.agentruntime.audit.ExchangeRecord;
import io.agentruntime.audit.ExchangeRecorder;
import io.agentruntime.llm.AgentReply;
import io.agentruntime.llm.Handoff;
import io.agentruntime.llm.Qualification;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The conversation side of {@code POST /api/agent/reply} (DESIGN §10, §11): the state
 * gate before the LLM, and after it the conversation's change and events, committed in
 * the same transaction as the audit row ({@link ExchangeRecorder} joins it).
 */
@Service
public class ConversationTurns {

	/**
	 * Tries of an agent turn's read-change-write when staff change the conversation at
	 * the same moment; the turn's change is re-applied to what they wrote.
	 */
	private static final int ATTEMPTS = 5;

	private final ConversationStore store;

	private final ExchangeRecorder recorder;

	private final TransactionTemplate transactions;

	ConversationTurns(ConversationStore store, ExchangeRecorder recorder, PlatformTransactionManager transactions) {
		this.store = store;
		this.recorder = recorder;
		this.transactions = new TransactionTemplate(transactions);
	}

	/**
	 * The conversation as a reply opens it, in one read: whether staff have it (state
	 * {@code human}, so the agent must not answer) and when it started (which bounds its
	 * history read).
	 * @param conversationId the request's conversation, or {@code null}
	 */
	public Opening opening(UUID clientId, String conversationId) {
		return (conversationId != null) ? this.store.opening(clientId, conversationId).orElse(Opening.NEW)
				: Opening.NEW;
	}

	/**
	 * A conversation as a reply opens it.
	 *
	 * @param staffHandles whether staff have it, so the agent must not answer
	 * @param startedAt when it started, or {@code null} when it has no turn yet
	 */
	public record Opening(boolean staffHandles, Instant startedAt) {

		/** A conversation without a row yet (or no conversation): the agent answers. */
		public static final Opening NEW = new Opening(false, null);

	}

	/**
	 * Records a lead's message that staff will answer: the audit row (reply {@code null})
	 * and {@code message.lead}, in one transaction.
	 */
	public Recorded recordHeld(ExchangeRecord exchange) {
		return inTransaction(exchange, (id) -> conversation -> ConversationRules.held(conversation, id, Instant.now()),
				null, null);
	}

	/**
	 * Records an answered lead message: the audit row and, with a conversation, its
	 * change (reopen, hand-off, qualification) and events, in one transaction.
	 * @param exchange the audit row
	 * @param reply the model's reply, or {@code null} when the fallback reply was used
	 */
	public Recorded recordAnswered(ExchangeRecord exchange, AgentReply reply) {
		Handoff handoff = ConversationRules.handoff((reply != null) ? reply.handoff() : null, exchange.message());
		Qualification turn = (reply != null) ? reply.qualification() : Qualification.NONE;
		if (exchange.conversationId() == null) {
			UUID id = this.recorder.record(exchange);
			return new Recorded(id, null, handoff, turn.isEmpty() ? null : turn);
		}
		boolean degraded = !exchange.degradedReasons().isEmpty();
		return inTransaction(exchange, (id) -> conversation -> ConversationRules.answered(conversation, id, handoff,
				turn, degraded, Instant.now()), handoff, turn);
	}

	private Recorded inTransaction(ExchangeRecord exchange,
			Function<UUID, Function<Conversation, ConversationRules.Change>> rule, Handoff handoff,
			Qualification turn) {
		return this.transactions.execute((status) -> {
			UUID id = this.recorder.record(exchange);
			for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
				Conversation current = this.store.lockOrCreate(exchange.clientId(), exchange.conversationId(),
						exchange.leadId());
				ConversationRules.Change change = rule.apply(id).apply(current);
				if (this.store.update(change.next(), exchange.leadId())) {
					this.store.append(exchange.clientId(), exchange.conversationId(), change.events());
					Conversation next = change.next();
					// Only a hand-off that this turn made (or met) is reported to the
					// lead.
					Handoff reported = (handoff != null && next.state() != ConversationState.AI) ? handoff : null;
					return new Recorded(id, next.state().value(), reported,
							next.qualification().isEmpty() ? null : next.qualification());
				}
			}
			throw ConversationConflict.changed();
		});
	}

	/**
	 * What a recorded lead message answers with.
	 *
	 * @param exchangeId the audit row
	 * @param conversationState the conversation's state afterwards, {@code null} without
	 * a conversation
	 * @param handoff this turn's hand-off, or {@code null}
	 * @param qualification what is known about the lead, merged across the conversation's
	 * turns, or {@code null} when nothing is
	 */
	public record Recorded(UUID exchangeId, String conversationState, Handoff handoff, Qualification qualification) {
	}

}
