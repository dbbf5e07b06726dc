package io.agentruntime.prompt;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy part of the system prompt (DESIGN §12). */
class SystemPromptTests {

	@Test
	void tellsTheModelTheCompetitorsBlockedPhrasesAndDisclosure() {
		String prompt = SystemPrompt.of(persona(List.of("CarMax", "AutoNation"), List.of("best price guaranteed"),
				"You're chatting with an AI assistant."));

		assertThat(prompt).endsWith("\nNever mention these competitors: CarMax, AutoNation\n"
				+ "\nNever use these phrases:\n- best price guaranteed\n"
				+ "\nThe service starts the first reply of each conversation with this disclosure; do not repeat it: "
				+ "You're chatting with an AI assistant.\n");
	}

	@Test
	void saysNothingOfPolicyWhenThereIsNone() {
		String prompt = SystemPrompt.of(persona(List.of(), List.of(), ""));

		assertThat(prompt).doesNotContain("competitors", "Never use these phrases", "disclosure");
	}

	private static Persona persona(List<String> competitors, List<String> blockedPhrases, String disclosure) {
		return new Persona("Riley", "warm", "friendly", "short", "automotive", List.of(), List.of(), competitors,
				blockedPhrases, disclosure);
	}

}
