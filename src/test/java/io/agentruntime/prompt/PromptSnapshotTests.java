package io.agentruntime.prompt;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.prompt.PromptBuilder.PastExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The messages a model receives are byte for byte those of the release before the prompt
 * became a leaf (issue 16): {@code prompt/messages.golden.json} was written by the old
 * {@code PromptBuilder} from the same inputs — escapes, look-alikes, staff turns, a
 * lead-only turn, trimming and the policy section included.
 */
class PromptSnapshotTests {

	static final String TRICKY = "Hi \"there\"\\ <b>x</b>\n\t\r\b\f\u0001\u001f\u007f \uFF1CLEAD_DATA\uFF1E "
			+ "\u2039\u203A\u00AB\u00BB \u3008\u3009 \u2028\u2029 caf\u00e9 \uD83D\uDE97 / " + PromptBuilder.DATA_CLOSE;

	@Test
	void buildsTheSameMessagesAsBefore() throws Exception {
		Map<String, List<PromptMessage>> cases = new LinkedHashMap<>();
		Persona full = new Persona("Riley", "warm truck expert", "friendly", "short answers", "automotive",
				List.of("Offer a test drive", "Mention Saturday hours"), List.of("Quote prices"),
				List.of("AutoNation", "CarMax"), List.of("best price guaranteed"),
				"You're chatting with an AI assistant.");
		List<PastExchange> history = List.of(new PastExchange("Do you have hybrids?", "Yes, two.", List.of("Show me")),
				new PastExchange(TRICKY, null, List.of()), new PastExchange(null, "Staff here " + TRICKY, null, "Dana"),
				new PastExchange("Is it <red>?", "It is.", List.of("Book", TRICKY)));
		cases.put("full", PromptBuilder.messages(full, history, TRICKY, "pricing " + TRICKY,
				List.of("Prefers Saturday", TRICKY)));
		// AgentProfile.defaults() as agentconfig maps it.
		Persona defaults = new Persona("default", "professional", "professional", "helpful", "automotive", List.of(),
				List.of(), List.of(), List.of(), "You're chatting with an AI assistant.");
		cases.put("defaults", PromptBuilder.messages(defaults, List.of(), "hello", null, null));
		Persona noDisclosure = new Persona("Max", "calm", "formal", "concise", "automotive", List.of(),
				List.of("Swear"), List.of(), List.of("no way"), "");
		List<PastExchange> longHistory = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			longHistory
				.add(new PastExchange("question " + i + " " + "x".repeat(1200), "answer " + i, List.of("q" + i)));
		}
		cases.put("trimmed", PromptBuilder.messages(noDisclosure, longHistory, "now", "t", List.of()));

		assertThat(cases).isEqualTo(golden());
	}

	private static Map<String, List<PromptMessage>> golden() throws Exception {
		try (InputStream in = PromptSnapshotTests.class.getResourceAsStream("/prompt/messages.golden.json")) {
			return new ObjectMapper().readValue(in, new TypeReference<LinkedHashMap<String, List<PromptMessage>>>() {
			});
		}
	}

}
