package io.agentruntime.prompt;

import java.util.List;

import io.agentruntime.prompt.PromptBuilder.PastExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Earlier exchanges as chat turns (DESIGN §4, §11). */
class HistoryTests {

	@Test
	void marksAStaffReplyAsTheDealershipsWithoutTheStaffMembersName() {
		List<PromptMessage> turns = History.within(List.of(new PastExchange(null, "I'm on it.", List.of(), "Dana")),
				PromptBuilder.HISTORY_CHAR_BUDGET);

		assertThat(turns).containsExactly(PromptMessage
			.assistant("{\"author\":\"dealership_staff\",\"reply\":\"I'm on it.\",\"quickReplies\":[]}"));
	}

	@Test
	void putsALeadMessageWithoutReplyInItsOwnDataBlock() {
		List<PromptMessage> turns = History.within(List.of(new PastExchange("Anyone there?", null, List.of())),
				PromptBuilder.HISTORY_CHAR_BUDGET);

		assertThat(turns).containsExactly(PromptMessage
			.user(PromptBuilder.DATA_OPEN + "\n{\"leadMessage\":\"Anyone there?\"}\n" + PromptBuilder.DATA_CLOSE));
	}

	@Test
	void stopsAtTheFirstExchangeThatDoesNotFitEvenIfAnOlderOneWould() {
		List<PastExchange> history = List.of(new PastExchange("old", "short", List.of()),
				new PastExchange("x".repeat(200), "long", List.of()), new PastExchange("new", "fits", List.of()));

		List<PromptMessage> turns = History.within(history, 200);

		assertThat(turns).hasSize(2);
		assertThat(turns.get(0).content()).contains("\"new\"");
	}

}
