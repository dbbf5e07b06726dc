package io.agentruntime.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.agentruntime.audit.ExchangeIds;
import io.agentruntime.audit.ExchangeLog;
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
 * gate before the LLM, and after it the conversation's change and events, written with
 * the audit row: in the common case in one statement without a transaction (DESIGN §15;
 * {@link ExchangeRecorder#recordInOneStatement} composes it), else in one transaction
 * that locks the row ({@link ExchangeRecorder} joins it).
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
	 * A conversation as a reply opens it: whether staff have it, when it started, and the
	 * row as read, from which an answered turn's change is computed and written in one
	 * statement ({@link #recordAnswered(ExchangeRecord, AgentReply, Opening, String)}).
	 */
	public static final class Opening {

		/** A conversation without a row yet (or no conversation): the agent answers. */
		public static final Opening NEW = new Opening(false, null);

		private final boolean staffHandles;

		private final Instant startedAt;

		private final Conversation conversation;

		private final List<ExchangeLog.Turn> turns;

		/**
		 * An opening without the row, e.g. a fake's: an answered turn then takes the
		 * transactional path unless the conversation is new.
		 * @param staffHandles whether staff have it, so the agent must not answer
		 * @param startedAt when it started, or {@code null} when it has no turn yet
		 */
		public Opening(boolean staffHandles, Instant startedAt) {
			this.staffHandles = staffHandles;
			this.startedAt = startedAt;
			this.conversation = null;
			this.turns = null;
		}

		Opening(Conversation conversation, Instant startedAt, List<ExchangeLog.Turn> turns) {
			this.staffHandles = conversation.state() == ConversationState.HUMAN;
			this.startedAt = startedAt;
			this.conversation = conversation;
			this.turns = List.copyOf(turns);
		}

		/** Whether staff have the conversation, so the agent must not answer. */
		public boolean staffHandles() {
			return this.staffHandles;
		}

		/** When it started, or {@code null} when it has no turn yet. */
		public Instant startedAt() {
			return this.startedAt;
		}

		/** The row as read, or {@code null}. */
		Conversation conversation() {
			return this.conversation;
		}

		/**
		 * Its latest turns with text as read with the row, newest first, or {@code null}
		 * when they were not read with it.
		 */
		List<ExchangeLog.Turn> turns() {
			return this.turns;
		}

		@Override
		public String toString() {
			return "Opening[staffHandles=" + this.staffHandles + ", startedAt=" + this.startedAt + "]";
		}

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
	 * change (reopen, hand-off, qualification) and events, in one transaction that locks
	 * the conversation's row (the fallback of the one-statement path, and the path of a
	 * caller without an opening).
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

	/**
	 * Records an answered lead message in ONE statement without a transaction (DESIGN
	 * §15): the change is computed from the row as the reply opened it, and the audit
	 * row, the memory outbox row, the row's change and its events are written together
	 * only when the row is still as read (its version), the conversation still has no row
	 * when it had none, and the lead's e-mail is still the one the reply read. Else
	 * (staff took over meanwhile, another message of the conversation was recorded first,
	 * the lead changed) it takes the transactional path, which locks the row and
	 * re-applies the turn to what is there.
	 * @param exchange the audit row
	 * @param reply the model's reply, or {@code null} when the fallback reply was used
	 * @param opening the conversation as the reply opened it
	 * @param leadEmail the lead's e-mail as the reply read it ({@code ""} for none), or
	 * {@code null} without a lead
	 */
	public Recorded recordAnswered(ExchangeRecord exchange, AgentReply reply, Opening opening, String leadEmail) {
		Handoff handoff = ConversationRules.handoff((reply != null) ? reply.handoff() : null, exchange.message());
		Qualification turn = (reply != null) ? reply.qualification() : Qualification.NONE;
		UUID id = ExchangeIds.next();
		if (exchange.conversationId() == null) {
			if (this.recorder.recordInOneStatement(id, exchange, leadEmail, null)) {
				return new Recorded(id, null, handoff, turn.isEmpty() ? null : turn);
			}
			return recordAnswered(exchange, reply);
		}
		Conversation read = opening.conversation();
		boolean isNew = read == null && opening.startedAt() == null;
		if (read == null && !isNew) {
			return recordAnswered(exchange, reply);
		}
		Conversation current = isNew ? new Conversation(exchange.clientId(), exchange.conversationId(),
				exchange.leadId(), ConversationState.AI, null, Qualification.NONE, null, null, null, 0) : read;
		boolean degraded = !exchange.degradedReasons().isEmpty();
		ConversationRules.Change change = ConversationRules.answered(current, id, handoff, turn, degraded,
				Instant.now());
		if (this.recorder.recordInOneStatement(id, exchange, leadEmail,
				(guard) -> this.store.joined(change, exchange.leadId(), isNew, guard))) {
			return recorded(id, change.next(), handoff);
		}
		return recordAnswered(exchange, reply);
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
					return recorded(id, change.next(), handoff);
				}
			}
			throw ConversationConflict.changed();
		});
	}

	private static Recorded recorded(UUID id, Conversation next, Handoff handoff) {
		// Only a hand-off that this turn made (or met) is reported to the lead.
		Handoff reported = (handoff != null && next.state() != ConversationState.AI) ? handoff : null;
		return new Recorded(id, next.state().value(), reported,
				next.qualification().isEmpty() ? null : next.qualification());
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
