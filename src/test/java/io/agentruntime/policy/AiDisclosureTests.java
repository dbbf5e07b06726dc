package io.agentruntime.policy;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The AI disclosure rule of DESIGN §12 as pure functions. */
class AiDisclosureTests {

	@Test
	void aReplyOpensItsConversationWithoutAConversationIdOrEarlierExchanges() {
		assertThat(AiDisclosure.opensConversation(null, List.of("earlier"))).isTrue();
		assertThat(AiDisclosure.opensConversation("conv-1", List.of())).isTrue();
		assertThat(AiDisclosure.opensConversation("conv-1", List.of("earlier"))).isFalse();
	}

	@Test
	void prefixesTheDisclosureOnceAndNothingWhenSwitchedOff() {
		assertThat(AiDisclosure.prefix(" I'm an AI. ", "Hello!")).isEqualTo("I'm an AI. Hello!");
		assertThat(AiDisclosure.prefix("I'm an AI.", "i'm an AI. Hello!")).isEqualTo("i'm an AI. Hello!");
		assertThat(AiDisclosure.prefix("", "Hello!")).isEqualTo("Hello!");
		assertThat(AiDisclosure.prefix(null, "Hello!")).isEqualTo("Hello!");
	}

}
