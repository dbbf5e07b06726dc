package io.agentruntime;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.agentconfig.AgentProfile;
import io.agentruntime.prompt.PromptBuilder;
import io.agentruntime.prompt.PromptBuilder.PastExchange;
import io.agentruntime.simulator.PersonaSimulator;
import io.agentruntime.simulator.PersonaSimulator.Answer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The try-it simulator answers from what the runtime really sends (the prompt is built by
 * {@link PromptBuilder}), so a newcomer sees a persona, memory or history change change
 * the answer; and try-it talks to a local model as soon as one is named.
 */
class TryItSimulatorTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final AgentProfile MAX = profile("Max", "warm", List.of("Mention that we are open Saturdays 9-5"),
			List.of("Quote prices or discounts"));

	@Test
	void introducesItselfByThePersonasNameInItsTone() {
		Answer max = answer(MAX, List.of(), "Hello there", List.of());
		Answer riley = answer(profile("Riley", "formal", List.of(), List.of()), List.of(), "Hello there", List.of());

		assertThat(max.reply()).startsWith("Hi, lovely to hear from you! I'm Max.");
		assertThat(riley.reply()).startsWith("Good day. I'm Riley.");
	}

	@Test
	void followsADoItemAndDeclinesWhatADontItemForbids() {
		Answer answer = answer(MAX, List.of(), "What is the price of the red F-150?", List.of());

		assertThat(answer.reply()).contains("I'm not able to help with this one: quote prices or discounts.")
			.contains("[Mention that we are open Saturdays 9-5]");
		assertThat(answer.quickReplies()).contains("Visit on Saturday").doesNotContain("See financing options");
	}

	@Test
	void usesTheNotesRecalledFromMemoryButNotTranscriptsOfEarlierExchanges() {
		Answer answer = answer(MAX, List.of(), "Can I book a test drive?",
				List.of("Prefers Saturday test drives", "Lead: Is the red F-150 still available?\nAssistant: It is."));

		assertThat(answer.reply()).contains("What I remember about you: prefers Saturday test drives.")
			.doesNotContain("Assistant: It is");
		assertThat(answer(MAX, List.of(), "Can I book a test drive?", List.of()).reply())
			.doesNotContain("What I remember");
	}

	@Test
	void refersToTheLastQuestionOfTheConversation() {
		List<PastExchange> history = List.of(new PastExchange("Do you have hybrids?", "Yes, two.", List.of()),
				new PastExchange("Is the red F-150 still available?", "Our team checks.", List.of()));

		Answer answer = answer(MAX, history, "Can I book a test drive?", List.of());

		assertThat(answer.reply()).contains("You asked before: \"Is the red F-150 still available?\".");
	}

	@Test
	void alwaysSaysItIsASimulatorWithinTheReplyLimits() {
		String longItem = "Mention our Saturday service hours ".repeat(8).trim();
		Answer answer = answer(profile("Max", "warm", List.of(longItem, longItem), List.of()), List.of(),
				"Can I book a test drive? ".repeat(100), List.of("Prefers Saturday test drives ".repeat(30)));

		assertThat(answer.reply()).endsWith(PersonaSimulator.DISCLOSURE).hasSizeLessThan(2000);
		assertThat(answer.quickReplies()).hasSizeBetween(1, 4);
	}

	@Test
	void usesTheSimulatorWhenNoModelIsNamed() {
		assertThat(LocalRun.usesSimulator(Map.of())).isTrue();
		assertThat(LocalRun.usesSimulator(Map.of("AGENT_LLM_API_KEY", " "))).isTrue();
	}

	@Test
	void usesALocalModelWhenItsBaseUrlIsGivenWithoutAKey() {
		Map<String, String> env = Map.of("AGENT_LLM_PROVIDER", "ollama", "AGENT_LLM_BASE_URL",
				"http://gpu-box:11434/v1");

		assertThat(LocalRun.usesSimulator(env)).isFalse();
		assertThat(LocalRun.localModelBaseUrl(env)).isEmpty();
	}

	@Test
	void usesTheUsualLocalAddressWhenOnlyTheLocalProviderIsNamed() {
		assertThat(LocalRun.usesSimulator(Map.of("AGENT_LLM_PROVIDER", "OLLAMA"))).isFalse();
		assertThat(LocalRun.localModelBaseUrl(Map.of("AGENT_LLM_PROVIDER", "OLLAMA")))
			.contains("http://localhost:11434/v1");
		assertThat(LocalRun.localModelBaseUrl(Map.of("AGENT_LLM_PROVIDER", "vllm")))
			.contains("http://localhost:8000/v1");
		assertThat(LocalRun.usesSimulator(Map.of("AGENT_LLM_PROVIDER", "openrouter"))).isTrue();
	}

	private static Answer answer(AgentProfile profile, List<PastExchange> history, String message,
			List<String> memory) {
		JsonNode body = JSON.valueToTree(Map.of("model", "local/simulator", "messages",
				PromptBuilder.messages(profile.persona(), history, message, null, memory)));
		return PersonaSimulator.answer(body);
	}

	private static AgentProfile profile(String name, String tonality, List<String> dos, List<String> donts) {
		return new AgentProfile(null, name, "friendly car enthusiast", tonality, "concise", dos, donts, "automotive",
				null, null);
	}

}
