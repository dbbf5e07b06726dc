package io.agentruntime.conversation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The deterministic check for a lead who plainly asks for a person (DESIGN §10). */
class HumanRequestDetectorTests {

	@ParameterizedTest
	@ValueSource(strings = { "Can I talk to a human?", "can i speak to a real person please",
			"I'd like to talk to someone about the trade-in", "Could I chat with a person", "Let me speak with sales",
			"connect me to a human", "Please transfer me to an agent", "Put me through to a salesperson",
			"human please", "Real person!", "AGENT", "I want a real person", "Is there a live agent?",
			"Can I talk with somebody from your team", "I\u2019d rather speak to your manager",
			"Can I   TALK to   a   Human" })
	void recognisesAPlainRequestForAPerson(String message) {
		assertThat(HumanRequestDetector.asksForAPerson(message)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Is the red F-150 still available?", "Are you a real person?", "Are you human?",
			"I need to talk to my wife first", "I need to talk to someone at home first",
			"I don't want to talk to anyone, just tell me the price", "no need to speak to a person",
			"Can someone tell me the price?", "What does a human-centric design mean for the cabin?",
			"My agent said the lease ends in May", "Do you have a person-sized cargo area?", "", "Talk to you later" })
	void leavesOtherMessagesAlone(String message) {
		assertThat(HumanRequestDetector.asksForAPerson(message)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { " ", "\n" })
	void treatsBlankAsNoRequest(String message) {
		assertThat(HumanRequestDetector.asksForAPerson(message)).isFalse();
		assertThat(HumanRequestDetector.asksForAPerson(null)).isFalse();
	}

}
