package io.agentruntime.conversation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.agentruntime.llm.Handoff;
import io.agentruntime.llm.Qualification;

/**
 * The state machine of a conversation and the merge of what it teaches (DESIGN §10, §11),
 * as pure functions: each takes the conversation as read and returns the row to write
 * with the events to append in the same transaction, or throws the conflict to answer.
 */
final class ConversationRules {

	/** Intents that make a lead qualified, with a vehicle or a timeframe (DESIGN §11). */
	static final Set<String> QUALIFYING_INTENTS = Set.of("test_drive", "buy", "trade_in", "financing");

	private static final String UNKNOWN = "unknown";

	private ConversationRules() {
	}

	/**
	 * The hand-off of a turn: the model's, or {@code wants_human} when the lead plainly
	 * asked for a person and the model did not ask for a hand-off.
	 * @param fromModel the model's hand-off, or {@code null}
	 * @param leadMessage the lead's message
	 */
	static Handoff handoff(Handoff fromModel, String leadMessage) {
		if (fromModel != null && fromModel.requested()) {
			return fromModel;
		}
		return HumanRequestDetector.asksForAPerson(leadMessage) ? Handoff.requested(Handoff.WANTS_HUMAN) : null;
	}

	/**
	 * What is known after a turn: each field the turn states replaces the known one,
	 * except that {@code unknown} never replaces a known value.
	 */
	static Qualification merge(Qualification known, Qualification turn) {
		Qualification base = (known != null) ? known : Qualification.NONE;
		if (turn == null) {
			return base;
		}
		return new Qualification(pick(base.intent(), turn.intent()), pick(base.vehicle(), turn.vehicle()),
				pick(base.timeframe(), turn.timeframe()), (turn.tradeIn() != null) ? turn.tradeIn() : base.tradeIn(),
				pick(base.financing(), turn.financing()), pick(base.contactPreference(), turn.contactPreference()));
	}

	private static String pick(String known, String turn) {
		if (turn == null || (UNKNOWN.equals(turn) && known != null)) {
			return known;
		}
		return turn;
	}

	/**
	 * Whether a lead is qualified: a buying intent and a vehicle or a known timeframe
	 * (DESIGN §11).
	 */
	static boolean qualified(Qualification qualification) {
		return qualification != null && qualification.intent() != null
				&& QUALIFYING_INTENTS.contains(qualification.intent()) && (qualification.vehicle() != null
						|| (qualification.timeframe() != null && !UNKNOWN.equals(qualification.timeframe())));
	}

	/**
	 * A lead's message the agent answered: a closed conversation reopens, a requested
	 * hand-off moves {@code ai} to {@code handoff}, the qualification is merged and
	 * {@code lead.qualified} fires the first time it holds. A conversation staff took
	 * over while the LLM was answering stays theirs.
	 * @param current the conversation as read
	 * @param exchangeId the audit row of the exchange
	 * @param handoff this turn's hand-off, or {@code null}
	 * @param turn what this turn taught
	 * @param degraded whether the reply was the fallback
	 * @param now the time of the change
	 */
	static Change answered(Conversation current, UUID exchangeId, Handoff handoff, Qualification turn, boolean degraded,
			Instant now) {
		List<ConversationEvent> events = new ArrayList<>();
		events.add(new ConversationEvent(ConversationEvent.MESSAGE_LEAD, Map.of("exchangeId", exchangeId)));
		events.add(new ConversationEvent(ConversationEvent.MESSAGE_AGENT,
				Map.of("exchangeId", exchangeId, "degraded", degraded)));
		Conversation next = current;
		if (next.state() == ConversationState.CLOSED) {
			next = changeState(next, ConversationState.AI, null, null, events);
		}
		if (handoff != null && next.state() == ConversationState.AI) {
			next = changeState(next, ConversationState.HANDOFF, null, handoff.reason(), events);
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("exchangeId", exchangeId);
			payload.put("reason", handoff.reason());
			events.add(new ConversationEvent(ConversationEvent.HANDOFF_REQUESTED, payload));
		}
		Qualification merged = merge(next.qualification(), turn);
		Instant qualifiedAt = next.qualifiedAt();
		if (qualifiedAt == null && qualified(merged)) {
			qualifiedAt = now;
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("leadId", next.leadId());
			payload.put("exchangeId", exchangeId);
			payload.put("qualification", merged);
			events.add(new ConversationEvent(ConversationEvent.LEAD_QUALIFIED, payload));
		}
		next = new Conversation(next.clientId(), next.conversationId(), next.leadId(), next.state(), next.assignee(),
				merged, next.handoffReason(), qualifiedAt, now, next.version());
		return new Change(next, events);
	}

	/**
	 * A lead's message while staff have the conversation: recorded, not answered; the
	 * state stays as it is.
	 */
	static Change held(Conversation current, UUID exchangeId, Instant now) {
		Conversation next = new Conversation(current.clientId(), current.conversationId(), current.leadId(),
				current.state(), current.assignee(), current.qualification(), current.handoffReason(),
				current.qualifiedAt(), now, current.version());
		return new Change(next,
				List.of(new ConversationEvent(ConversationEvent.MESSAGE_LEAD, Map.of("exchangeId", exchangeId))));
	}

	/**
	 * A staff member takes over. Taking over one's own conversation again changes
	 * nothing.
	 * @throws ConversationConflict when it is closed or another staff member has it
	 */
	static Change takeover(Conversation current, String assignee) {
		if (current.state() == ConversationState.CLOSED) {
			throw ConversationConflict.closed();
		}
		if (current.state() == ConversationState.HUMAN) {
			if (assignee.equals(current.assignee())) {
				return new Change(current, List.of());
			}
			throw ConversationConflict.takenOver();
		}
		List<ConversationEvent> events = new ArrayList<>();
		Conversation next = changeState(current, ConversationState.HUMAN, assignee, current.handoffReason(), events);
		return new Change(next, events);
	}

	/**
	 * Staff hand the conversation back to the agent (also dismissing a pending hand-off).
	 * @throws ConversationConflict when it is closed
	 */
	static Change release(Conversation current) {
		if (current.state() == ConversationState.CLOSED) {
			throw ConversationConflict.closed();
		}
		if (current.state() == ConversationState.AI) {
			return new Change(current, List.of());
		}
		List<ConversationEvent> events = new ArrayList<>();
		return new Change(changeState(current, ConversationState.AI, null, null, events), events);
	}

	/** Closes the conversation from any state; closing it again changes nothing. */
	static Change close(Conversation current) {
		if (current.state() == ConversationState.CLOSED) {
			return new Change(current, List.of());
		}
		List<ConversationEvent> events = new ArrayList<>();
		return new Change(changeState(current, ConversationState.CLOSED, null, null, events), events);
	}

	/**
	 * A staff member's message.
	 * @throws ConversationConflict unless staff have the conversation
	 */
	static Change staffMessage(Conversation current, UUID exchangeId, String author, Instant now) {
		if (current.state() != ConversationState.HUMAN) {
			throw ConversationConflict.notHuman();
		}
		Conversation next = new Conversation(current.clientId(), current.conversationId(), current.leadId(),
				current.state(), current.assignee(), current.qualification(), current.handoffReason(),
				current.qualifiedAt(), now, current.version());
		return new Change(next, List.of(new ConversationEvent(ConversationEvent.MESSAGE_STAFF,
				Map.of("exchangeId", exchangeId, "author", author))));
	}

	private static Conversation changeState(Conversation current, ConversationState state, String assignee,
			String handoffReason, List<ConversationEvent> events) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("from", current.state().value());
		payload.put("to", state.value());
		payload.put("assignee", assignee);
		events.add(new ConversationEvent(ConversationEvent.STATE_CHANGED, payload));
		return current.withState(state, assignee, handoffReason);
	}

	/**
	 * What to write.
	 *
	 * @param next the row after the change (same version as read: the store checks and
	 * increments it)
	 * @param events the events to append, in order; empty when nothing changed
	 */
	record Change(Conversation next, List<ConversationEvent> events) {

		boolean changed() {
			return !this.events.isEmpty();
		}

	}

}
