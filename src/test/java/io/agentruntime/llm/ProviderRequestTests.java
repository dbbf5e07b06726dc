package io.agentruntime.llm;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.prompt.PromptBuilder;
import io.agentruntime.support.FakeLlm;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.agentruntime.llm.LlmTestClients.PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What goes on the wire for each {@code agent.llm.provider} (contracts/openai-chat.md §0,
 * §1.2, §1.3, §6.12): the token-limit field, the {@code response_format} shape,
 * OpenRouter's {@code provider.require_parameters} and attribution headers, and nothing a
 * provider rejects.
 */
class ProviderRequestTests {

	static final FakeLlm LLM = new FakeLlm().start();

	private static final ObjectMapper JSON = new ObjectMapper();

	@BeforeEach
	void resetFake() {
		LLM.reset();
	}

	@AfterAll
	static void stopFake() {
		LLM.close();
	}

	private FakeLlm.Call send(LlmProvider provider) {
		OpenAiCompatibleLlmClient client = LlmTestClients.client(LlmTestClients.properties(LLM, provider, List.of()),
				CircuitBreakerRegistry.ofDefaults(), new SimpleMeterRegistry());
		LLM.enqueue(FakeLlm.replyFrom(PRIMARY, "Hello."));
		LlmResult result = client.complete(LlmTestClients.request(Duration.ofSeconds(5)));
		assertThat(result.outcome()).isEqualTo(LlmResult.Outcome.OK);
		assertThat(LLM.calls()).hasSize(1);
		FakeLlm.Call call = LLM.calls().get(0);
		assertCommonShape(call);
		return call;
	}

	/**
	 * What every provider gets: JSON headers, bearer key, the strict reply schema, no
	 * streaming fields.
	 */
	private static void assertCommonShape(FakeLlm.Call call) {
		assertThat(call.header("Content-Type")).startsWith("application/json");
		assertThat(call.header("Accept")).isEqualTo("application/json");
		assertThat(call.header("Authorization")).isEqualTo("Bearer sk-test-key");
		JsonNode body = call.body();
		assertThat(body.get("model").asText()).isEqualTo(PRIMARY);
		assertThat(body.get("messages")).hasSize(2);
		assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
		assertThat(body.at("/response_format/type").asText()).isEqualTo("json_schema");
		assertThat(body.at("/response_format/json_schema/name").asText()).isEqualTo("agent_reply");
		assertThat(body.at("/response_format/json_schema/strict").asBoolean()).isTrue();
		try {
			assertThat(body.at("/response_format/json_schema/schema"))
				.isEqualTo(JSON.readTree(PromptBuilder.REPLY_SCHEMA));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		// vLLM answers 400 to stream_options without stream: true (§4); we never stream
		// here.
		assertThat(body.has("stream_options")).isFalse();
		assertThat(body.has("stream")).isFalse();
		assertThat(body.has("models")).isFalse();
	}

	@Test
	void openRouterGetsMaxTokensRequireParametersAndAttribution() {
		FakeLlm.Call call = send(LlmProvider.OPENROUTER);

		assertThat(call.body().get("max_tokens").asInt()).isEqualTo(700);
		assertThat(call.body().has("max_completion_tokens")).isFalse();
		assertThat(call.body().at("/provider/require_parameters").asBoolean()).isTrue();
		assertThat(call.header("HTTP-Referer")).isEqualTo("https://dealer.example");
		assertThat(call.header("X-OpenRouter-Title")).isEqualTo("Agent Runtime");
	}

	@Test
	void openAiGetsMaxCompletionTokensAndNoOpenRouterExtras() {
		FakeLlm.Call call = send(LlmProvider.OPENAI);

		assertThat(call.body().get("max_completion_tokens").asInt()).isEqualTo(700);
		assertThat(call.body().has("max_tokens")).isFalse();
		assertOpenRouterExtrasAbsent(call);
	}

	@Test
	void vllmGetsMaxCompletionTokensAndNoOpenRouterExtras() {
		FakeLlm.Call call = send(LlmProvider.VLLM);

		assertThat(call.body().get("max_completion_tokens").asInt()).isEqualTo(700);
		assertThat(call.body().has("max_tokens")).isFalse();
		assertOpenRouterExtrasAbsent(call);
	}

	@Test
	void ollamaGetsMaxTokensBecauseItIgnoresMaxCompletionTokens() {
		FakeLlm.Call call = send(LlmProvider.OLLAMA);

		assertThat(call.body().get("max_tokens").asInt()).isEqualTo(700);
		assertThat(call.body().has("max_completion_tokens")).isFalse();
		assertOpenRouterExtrasAbsent(call);
	}

	@Test
	void genericServersGetTheWidelyReadMaxTokens() {
		FakeLlm.Call call = send(LlmProvider.GENERIC);

		assertThat(call.body().get("max_tokens").asInt()).isEqualTo(700);
		assertThat(call.body().has("max_completion_tokens")).isFalse();
		assertOpenRouterExtrasAbsent(call);
	}

	private static void assertOpenRouterExtrasAbsent(FakeLlm.Call call) {
		// OpenAI answers 400 unknown_parameter to fields it does not know (§1.1).
		assertThat(call.body().has("provider")).isFalse();
		assertThat(call.body().has("plugins")).isFalse();
		assertThat(call.header("HTTP-Referer")).isNull();
		assertThat(call.header("X-OpenRouter-Title")).isNull();
	}

}
