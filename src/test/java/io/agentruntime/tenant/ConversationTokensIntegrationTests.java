package io.agentruntime.tenant;

import java.util.List;
import java.util.UUID;

import io.agentruntime.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conversation token key without configuration (issue 14): every instance on one
 * database signs with the same stored secret, so a widget's conversation survives a
 * restart and a load balancer; a configured secret replaces it.
 */
class ConversationTokensIntegrationTests extends IntegrationTest {

	private static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-0000000000aa");

	@Test
	void instancesOnOneDatabaseAgreeWithoutAConfiguredSecret() {
		ConversationTokens first = new ConversationTokens(properties(null), this.jdbc);
		ConversationTokens second = new ConversationTokens(properties(null), this.jdbc);

		String token = first.issue(TENANT, "w-shared");

		assertThat(second.matches(TENANT, "w-shared", token)).isTrue();
		assertThat(second.matches(TENANT, "w-other", token)).isFalse();
		assertThat(this.jdbc.sql("select count(*) from service_secret where name = ?")
			.param(ConversationTokens.SECRET_NAME)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void aConfiguredSecretSignsInsteadOfTheStoredOne() {
		ConversationTokens stored = new ConversationTokens(properties(null), this.jdbc);
		ConversationTokens configured = new ConversationTokens(properties("a-configured-conversation-token-secret-32b"),
				this.jdbc);

		String token = configured.issue(TENANT, "w-1");

		assertThat(configured.matches(TENANT, "w-1", token)).isTrue();
		assertThat(stored.matches(TENANT, "w-1", token)).isFalse();
	}

	private static SecurityProperties properties(String conversationTokenSecret) {
		return new SecurityProperties(null, PLATFORM_KEY, new SecurityProperties.Cors(List.of()),
				conversationTokenSecret);
	}

}
