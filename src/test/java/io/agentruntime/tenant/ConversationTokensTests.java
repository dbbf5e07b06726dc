package io.agentruntime.tenant;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Conversation tokens of widgets: one per tenant, conversation and server secret. */
class ConversationTokensTests {

	private static final byte[] KEY = "a-conversation-token-secret-of-32-bytes".getBytes(StandardCharsets.UTF_8);

	private static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-00000000000a");

	@Test
	void givesTheSameTokenForTheSameConversationOnEveryInstance() {
		assertThat(ConversationTokens.sign(KEY, TENANT, "w-1"))
			.isEqualTo(ConversationTokens.sign(KEY.clone(), TENANT, "w-1"));
		assertThat(ConversationTokens.sign(KEY, TENANT, "w-1")).startsWith("ct1.").doesNotContain("w-1");
	}

	@Test
	void givesEveryConversationTenantAndSecretItsOwnToken() {
		String token = ConversationTokens.sign(KEY, TENANT, "w-1");

		assertThat(ConversationTokens.sign(KEY, TENANT, "w-2")).isNotEqualTo(token);
		assertThat(ConversationTokens.sign(KEY, UUID.fromString("00000000-0000-0000-0000-00000000000b"), "w-1"))
			.isNotEqualTo(token);
		assertThat(ConversationTokens.sign("another-conversation-token-secret-32b".getBytes(StandardCharsets.UTF_8),
				TENANT, "w-1"))
			.isNotEqualTo(token);
	}

	@Test
	void refusesAConfiguredSecretShorterThan32Bytes() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SecurityProperties(null, "platform_key_of_16_chars", null, "too-short"))
			.withMessage("agent.security.conversation-token-secret must have at least 32 bytes");
	}

}
