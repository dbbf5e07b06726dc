package io.agentruntime.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.support.Api;
import io.agentruntime.support.FakeLlm;
import io.agentruntime.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/agent/conversations/{conversationId}}: the tenant's exchanges in order
 * (DESIGN §3).
 */
class ConversationIntegrationTests extends IntegrationTest {

	@Test
	void listsTheExchangesOfAConversationInOrder() {
		Tenant tenant = newTenant("Conversation Motors");
		LLM.enqueue(FakeLlm.reply("First answer.", "Book a test drive"), FakeLlm.reply("Second answer."),
				FakeLlm.json(401, "{\"error\":{\"code\":401,\"message\":\"No auth credentials found\"}}"));
		List<JsonNode> replies = new ArrayList<>();
		for (String message : List.of("first question", "second question", "third question")) {
			replies.add(reply(tenant, message, "conv-order"));
		}
		reply(tenant, "elsewhere", "conv-other");

		Api.Response response = this.api.get("/api/agent/conversations/conv-order", tenant.replyKey());

		assertThat(response.status()).isEqualTo(200);
		JsonNode exchanges = response.json();
		assertThat(exchanges).hasSize(3);
		for (int i = 0; i < 3; i++) {
			assertThat(exchanges.get(i).get("exchangeId").asText())
				.isEqualTo(replies.get(i).get("exchangeId").asText());
			assertThat(exchanges.get(i).get("reply").asText()).isEqualTo(replies.get(i).get("reply").asText());
			assertThat(exchanges.get(i).get("quickReplies")).isEqualTo(replies.get(i).get("quickReplies"));
			assertThat(exchanges.get(i).get("createdAt").asText()).isNotBlank();
		}
		assertThat(exchanges.findValuesAsText("message")).containsExactly("first question", "second question",
				"third question");
		assertThat(exchanges.get(0).get("model").asText()).isEqualTo("openai/gpt-4o-mini");
		assertThat(exchanges.get(0).get("degradedReasons")).isEmpty();
		assertThat(exchanges.get(2).get("model").isNull()).isTrue();
		assertThat(exchanges.get(2).get("degradedReasons").get(0).asText()).isEqualTo("llm_unavailable");
	}

	@Test
	void answers404ForAnotherTenantsConversationExactlyAsForAMissingOne() {
		Tenant owner = newTenant("Conversation Owner");
		Tenant other = newTenant("Conversation Snoop");
		reply(owner, "private question", "conv-private");

		Api.Response foreign = this.api.get("/api/agent/conversations/conv-private", other.replyKey());
		Api.Response missing = this.api.get("/api/agent/conversations/conv-never", other.replyKey());

		assertThat(foreign.status()).isEqualTo(404);
		assertThat(foreign.body()).doesNotContain("private question");
		for (String field : List.of("type", "title", "status", "detail")) {
			assertThat(foreign.json().get(field)).isEqualTo(missing.json().get(field));
		}
		assertThat(this.api.get("/api/agent/conversations/conv-private", owner.replyKey()).status()).isEqualTo(200);
		assertThat(this.api.get("/api/agent/conversations/conv-private", null).status()).isEqualTo(401);
	}

	private JsonNode reply(Tenant tenant, String message, String conversationId) {
		Api.Response response = this.api.post("/api/agent/reply", tenant.replyKey(),
				Map.of("message", message, "conversationId", conversationId));
		assertThat(response.status()).isEqualTo(200);
		return response.json();
	}

}
