package io.agentruntime.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.agentruntime.audit.ExchangeLog;
import io.agentruntime.audit.ExchangeRecord;
import io.agentruntime.audit.ExchangeRecorder;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the dealership's staff do with a conversation (DESIGN §11): list, take over,
 * release, close, write. Each change is checked against the state machine
 * ({@link ConversationRules}), written with optimistic locking on {@code version} and
 * appends its events in the same transaction. Another tenant's conversation answers
 * exactly as a missing one.
 */
@Service
class StaffActions {

	/** Items of a page at most (DESIGN §11). */
	static final int MAX_LIMIT = 100;

	/** Items of a page when the caller names no limit. */
	static final int DEFAULT_LIMIT = 20;

	private final ConversationStore store;

	private final ExchangeRecorder recorder;

	private final ExchangeLog exchanges;

	StaffActions(ConversationStore store, ExchangeRecorder recorder, ExchangeLog exchanges) {
		this.store = store;
		this.recorder = recorder;
		this.exchanges = exchanges;
	}

	/**
	 * A page of the tenant's conversations, newest activity first.
	 * @throws InvalidConversationQuery for an unknown state, a limit outside 1..100 or a
	 * cursor that is not one of ours
	 */
	@Transactional(readOnly = true)
	ConversationPage list(UUID clientId, String state, Integer limit, String cursor) {
		ConversationState wanted = null;
		if (state != null && !state.isBlank()) {
			wanted = ConversationState.of(state.strip());
			if (wanted == null) {
				throw new InvalidConversationQuery("state", "must be one of ai, handoff, human, closed");
			}
		}
		int size = (limit != null) ? limit : DEFAULT_LIMIT;
		if (size < 1 || size > MAX_LIMIT) {
			throw new InvalidConversationQuery("limit", "must be between 1 and " + MAX_LIMIT);
		}
		ConversationCursor after = null;
		if (cursor != null && !cursor.isBlank()) {
			try {
				after = ConversationCursor.decode(cursor.strip());
			}
			catch (RuntimeException ex) {
				throw new InvalidConversationQuery("cursor", "is not a cursor of this list");
			}
		}
		List<Conversation> rows = this.store.page(clientId, wanted, after, size + 1);
		List<Conversation> items = rows.subList(0, Math.min(size, rows.size()));
		String next = null;
		if (rows.size() > size) {
			Conversation last = items.get(items.size() - 1);
			next = new ConversationCursor(last.lastMessageAt(), last.conversationId()).encode();
		}
		return new ConversationPage(items.stream().map(ConversationSummary::of).toList(), next);
	}

	/** A staff member takes the conversation over: the agent stops answering. */
	@Transactional
	ConversationSummary takeover(UUID clientId, String conversationId, String assignee) {
		return change(clientId, conversationId, (current) -> ConversationRules.takeover(current, assignee));
	}

	/** Staff hand the conversation back to the agent. */
	@Transactional
	ConversationSummary release(UUID clientId, String conversationId) {
		return change(clientId, conversationId, ConversationRules::release);
	}

	/** Closes the conversation; the lead's next message reopens it. */
	@Transactional
	ConversationSummary close(UUID clientId, String conversationId) {
		return change(clientId, conversationId, ConversationRules::close);
	}

	/**
	 * A staff member's message: an exchange row with the text as its reply and
	 * {@code author} set, queued for memory like any exchange, and {@code message.staff}.
	 * @throws ConversationConflict unless staff have the conversation
	 */
	@Transactional
	StaffMessage message(UUID clientId, String conversationId, StaffMessageRequest request, String requestId) {
		Conversation current = require(clientId, conversationId);
		if (current.state() != ConversationState.HUMAN) {
			throw ConversationConflict.notHuman();
		}
		String author = (request.author() != null) ? request.author() : current.assignee();
		UUID exchangeId = this.recorder.record(new ExchangeRecord(clientId, null, current.leadId(), conversationId,
				requestId, null, request.text(), List.of(), null, null, null, 0, 0, 0, 0, List.of()));
		// The recorder's insert knows no author; a second statement of the same
		// transaction sets it, so the audit insert stays as it is.
		this.exchanges.attribute(exchangeId, author);
		ConversationRules.Change change = ConversationRules.staffMessage(current, exchangeId, author, Instant.now());
		write(change);
		return new StaffMessage(exchangeId, author, change.next().state().value());
	}

	private ConversationSummary change(UUID clientId, String conversationId,
			Function<Conversation, ConversationRules.Change> rule) {
		Conversation current = require(clientId, conversationId);
		ConversationRules.Change change = rule.apply(current);
		if (!change.changed()) {
			return ConversationSummary.of(current);
		}
		write(change);
		return ConversationSummary.of(change.next());
	}

	private void write(ConversationRules.Change change) {
		Conversation next = change.next();
		if (!this.store.update(next, null)) {
			// Someone changed it since we read it: the caller decides again on fresh
			// state (DESIGN §11: two takeovers at once, one 200, one 409).
			throw ConversationConflict.changed();
		}
		this.store.append(next.clientId(), next.conversationId(), change.events());
	}

	private Conversation require(UUID clientId, String conversationId) {
		if (conversationId.length() > 128 || conversationId.indexOf('\u0000') >= 0) {
			// No conversation can have such an id (the reply accepts none).
			throw new ConversationNotFound();
		}
		return this.store.find(clientId, conversationId).orElseThrow(ConversationNotFound::new);
	}

}
