package io.agentruntime.conversation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import io.agentruntime.audit.ExchangeLog;
import io.agentruntime.prompt.PromptBuilder.PastExchange;

import org.springframework.stereotype.Service;

/**
 * The earlier exchanges of a conversation as the prompt gets them (DESIGN §4), this
 * tenant only. The turns are audit rows, read through the audit package's
 * {@link ExchangeLog}: it owns the table and its daily partitions, so the partition-aware
 * read lives there.
 */
@Service
public class ConversationHistory {

	/** Exchanges put before the current message at most (DESIGN §4). */
	public static final int HISTORY_EXCHANGES = 6;

	private final ExchangeLog exchanges;

	private final ConversationStore conversations;

	ConversationHistory(ExchangeLog exchanges, ConversationStore conversations) {
		this.exchanges = exchanges;
		this.conversations = conversations;
	}

	/**
	 * The last {@value #HISTORY_EXCHANGES} exchanges with text, oldest first: the
	 * agent's, the lead's messages while staff had the conversation, and staff messages
	 * (DESIGN §11).
	 */
	public List<PastExchange> recent(UUID clientId, String conversationId) {
		return recent(clientId, conversationId,
				this.conversations.opening(clientId, conversationId).orElse(ConversationTurns.Opening.NEW));
	}

	/**
	 * The same, for a conversation the caller already opened
	 * ({@link ConversationTurns#opening}), so a reply reads its row once.
	 */
	public List<PastExchange> recent(UUID clientId, String conversationId, ConversationTurns.Opening opening) {
		// A conversation without its row has no turns yet (the row is written in the
		// transaction of its first turn); with one, its start bounds the partitions read.
		if (conversationId == null || opening.startedAt() == null) {
			return List.of();
		}
		// Read with the row when the reply opened it (one round trip, DESIGN §15).
		List<ExchangeLog.Turn> newestFirst = (opening.turns() != null) ? opening.turns()
				: this.exchanges.latestTurns(clientId, conversationId, opening.startedAt(), HISTORY_EXCHANGES);
		List<PastExchange> oldestFirst = new ArrayList<>(HISTORY_EXCHANGES);
		for (ExchangeLog.Turn turn : newestFirst) {
			oldestFirst.add(new PastExchange(turn.message(), turn.reply(), turn.quickReplies(), turn.author()));
		}
		Collections.reverse(oldestFirst);
		return oldestFirst;
	}

}
