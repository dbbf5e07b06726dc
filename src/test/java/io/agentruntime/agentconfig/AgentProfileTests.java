package io.agentruntime.agentconfig;

import java.util.List;
import java.util.UUID;

import io.agentruntime.prompt.Persona;
import io.agentruntime.prompt.PromptBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A config's persona as the prompt and the policy check see it. */
class AgentProfileTests {

	@Test
	void givesThePromptEveryPersonaAndPolicyField() {
		AgentProfile profile = new AgentProfile(UUID.randomUUID(), " Riley ", "warm", "friendly", "short",
				List.of("Offer a test drive", " "), List.of("Quote prices"), "automotive", "some/model", "Call us",
				List.of("CarMax"), List.of("best price guaranteed"), "I'm a bot.");

		assertThat(profile.persona())
			.isEqualTo(new Persona("Riley", "warm", "friendly", "short", "automotive", List.of("Offer a test drive"),
					List.of("Quote prices"), List.of("CarMax"), List.of("best price guaranteed"), "I'm a bot."));
	}

	@Test
	void defaultsAreConservative() {
		String prompt = PromptBuilder.systemPrompt(AgentProfile.defaults().persona());
		assertThat(prompt).contains("Personality: professional", "Tonality: professional", "Response style: helpful")
			.doesNotContain("Do:\n")
			.doesNotContain("Don't:\n");
		assertThat(AgentProfile.defaults().fallbackReply())
			.isEqualTo("Thanks for reaching out! A member of our team will follow up with you shortly.");
	}

	@Test
	void keepsADisclosureSwitchedOffOutOfThePrompt() {
		AgentProfile profile = new AgentProfile(null, null, null, null, null, null, null, null, null, null, null, null,
				"");

		assertThat(PromptBuilder.systemPrompt(profile.persona())).doesNotContain("disclosure");
		assertThat(PromptBuilder.systemPrompt(AgentProfile.defaults().persona()))
			.contains("do not repeat it: " + AgentProfile.DEFAULT_AI_DISCLOSURE);
	}

}
