package io.agentruntime.conversation;

import java.util.List;
import java.util.UUID;

import io.agentruntime.prompt.PromptBuilder.PastExchange;
import io.agentruntime.support.IntegrationTest;
import io.agentruntime.support.Ledger;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conversation history read (DESIGN §4, §15): the last six turns with text, oldest
 * first, whether they are in the newest days' partitions or older ones.
 */
class ConversationHistoryTests extends IntegrationTest {

	@Autowired
	private ConversationHistory history;

	@Test
	void readsTheLastSixTurnsAcrossRecentAndOlderDays() {
		UUID clientId = newTenant("History Across Days Motors").clientId();
		for (int i = 1; i <= 4; i++) {
			exchange(clientId, "week", "old " + i, 5 * 24 * 60 - i);
		}
		for (int i = 1; i <= 3; i++) {
			exchange(clientId, "week", "new " + i, 60 - i);
		}
		exchange(clientId, "another", "elsewhere", 1);

		List<PastExchange> turns = this.history.recent(clientId, "week");

		assertThat(turns).extracting(PastExchange::message)
			.containsExactly("old 2", "old 3", "old 4", "new 1", "new 2", "new 3");
	}

	@Test
	void readsOnlyTheNewestSixWhenTheRecentDaysHoldThem() {
		UUID clientId = newTenant("History Recent Motors").clientId();
		exchange(clientId, "busy", "last week", 7 * 24 * 60);
		for (int i = 1; i <= 7; i++) {
			exchange(clientId, "busy", "turn " + i, 100 - i);
		}

		List<PastExchange> turns = this.history.recent(clientId, "busy");

		assertThat(turns).extracting(PastExchange::message)
			.containsExactly("turn 2", "turn 3", "turn 4", "turn 5", "turn 6", "turn 7");
	}

	@Test
	void readsOlderTurnsOfAConversationQuietForDays() {
		UUID clientId = newTenant("History Quiet Motors").clientId();
		exchange(clientId, "quiet", "ten days ago", 10 * 24 * 60);
		exchange(clientId, "quiet", "three days ago", 3 * 24 * 60);

		assertThat(this.history.recent(clientId, "quiet")).extracting(PastExchange::message)
			.containsExactly("ten days ago", "three days ago");
	}

	@Test
	void readsNothingForAConversationThatHasNotStarted() {
		UUID clientId = newTenant("History New Motors").clientId();
		exchange(clientId, "older", "a turn of another conversation", 5);

		assertThat(this.history.recent(clientId, "brand-new")).isEmpty();
	}

	@Test
	void leavesOutTurnsOlderThanTheConversationsStart() {
		UUID clientId = newTenant("History Bounded Motors").clientId();
		exchange(clientId, "bounded", "turn 1", 30);
		this.jdbc.sql("update conversation set created_at = now() - interval '10 minutes' where client_id = ?")
			.params(clientId)
			.update();
		exchange(clientId, "bounded", "turn 2", 5);

		assertThat(this.history.recent(clientId, "bounded")).extracting(PastExchange::message)
			.containsExactly("turn 2");
	}

	private void exchange(UUID clientId, String conversationId, String message, int minutesAgo) {
		Ledger.offLedger(clientId, "its rows are inserted directly, not made through Api");
		// One statement, so the exchange and its conversation's start share one now(), as
		// they share the reply path's transaction; the conversation starts with its
		// oldest
		// turn.
		this.jdbc.sql("""
				with exchange as (
				    insert into agent_exchange (id, client_id, conversation_id, message, reply, latency_ms, created_at)
				    values (?, ?, ?, ?, 'a reply', 10, now() - make_interval(mins => ?))
				    returning client_id, conversation_id, created_at)
				insert into conversation (client_id, conversation_id, created_at)
				select client_id, conversation_id, created_at from exchange
				on conflict (client_id, conversation_id)
				do update set created_at = least(conversation.created_at, excluded.created_at)
				""").params(UUID.randomUUID(), clientId, conversationId, message, minutesAgo).update();
	}

}
