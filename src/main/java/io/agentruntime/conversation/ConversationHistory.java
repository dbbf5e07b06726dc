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
 * tenant only. The turns are audit rows, read with the conversation's row in one
 * statement whose partition-aware part the audit package's {@link ExchangeLog} supplies
 * (it owns the table and its daily partitions).
 */
@Service
public class ConversationHistory {

	/** Exchanges put before the current message at most (DESIGN §4). */
	public static final int HISTORY_EXCHANGES = 6;

	private final ConversationStore conversations;

	ConversationHistory(ConversationStore conversations) {
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
		// transaction of its first turn); with one, they were read with the row.
		if (conversationId == null || opening.turns() == null) {
			return List.of();
		}
		List<PastExchange> oldestFirst = new ArrayList<>(HISTORY_EXCHANGES);
		for (ExchangeLog.Turn turn : opening.turns()) {
			oldestFirst.add(new PastExchange(turn.message(), turn.reply(), turn.quickReplies(), turn.author()));
		}
		Collections.reverse(oldestFirst);
		return oldestFirst;
	}

}
