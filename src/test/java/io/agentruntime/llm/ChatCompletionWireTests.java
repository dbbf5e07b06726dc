package io.agentruntime.llm;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The typed wire records of contracts/openai-chat.md and the reading of a 200 body,
 * without a server.
 */
class ChatCompletionWireTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static ChatCompletionsApi api(LlmProvider provider) {
		LlmProperties properties = new LlmProperties(provider, URI.create("http://localhost:1/v1"), null, "m", null,
				null, 0.2, 700, Duration.ofSeconds(1), Duration.ofSeconds(1), null, null, null, null, null);
		return new ChatCompletionsApi(new OkHttpClient(), properties, JSON);
	}

	private static JsonNode body(ChatCompletionsApi api, ChatCompletionRequest request) throws Exception {
		return JSON.readTree(api.write(request));
	}

	@Nested
	class Requests {

		@Test
		void leavesTheStreamingFieldsOutUntilAStreamIsAskedFor() throws Exception {
			ChatCompletionsApi api = api(LlmProvider.VLLM);
			ChatCompletionRequest request = api.request("m", List.of(ChatMessage.user("Hi")), 100, false);

			JsonNode plain = body(api, request);
			JsonNode streamed = body(api, request.streaming());

			assertThat(plain.has("stream")).isFalse();
			assertThat(plain.has("stream_options")).isFalse();
			assertThat(streamed.get("stream").asBoolean()).isTrue();
			assertThat(streamed.at("/stream_options/include_usage").asBoolean()).isTrue();
			assertThat(streamed.get("max_completion_tokens").asInt()).isEqualTo(100);
		}

		@Test
		void sendsPlainJsonObjectToADowngradedModel() throws Exception {
			ChatCompletionsApi api = api(LlmProvider.OPENROUTER);

			JsonNode body = body(api, api.request("m", List.of(ChatMessage.user("Hi")), 100, true));

			assertThat(body.get("response_format")).isEqualTo(JSON.readTree("{\"type\":\"json_object\"}"));
			assertThat(body.at("/provider/require_parameters").asBoolean()).isTrue();
			assertThat(body.get("max_tokens").asInt()).isEqualTo(100);
		}

	}

	@Nested
	class Responses {

		private final ChatCompletionsApi api = api(LlmProvider.OPENROUTER);

		private final List<ChatCompletionResponse.Usage> usages = new ArrayList<>();

		@Test
		void readsContentFinishReasonModelAndUsageAndIgnoresUnknownFields() {
			Completion completion = this.api.read("""
					{"id":"gen-1","object":"chat.completion","provider":"OpenAI","model":"m-2024",
					 "choices":[{"index":0,"logprobs":null,"finish_reason":"stop",
					   "message":{"role":"assistant","content":"{\\"reply\\":\\"Hi\\",\\"quickReplies\\":[]}"}}],
					 "usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17,"cost":0.1}}
					""", this.usages::add);

			assertThat(completion)
				.isEqualTo(new Completion("{\"reply\":\"Hi\",\"quickReplies\":[]}", "stop", "m-2024", 12, 5));
			assertThat(this.usages).containsExactly(new ChatCompletionResponse.Usage(12, 5, 17));
		}

		@Test
		void turnsAnHttp200ErrorIntoATransientFailureAndStillCountsItsTokens() {
			assertThatThrownBy(() -> this.api.read("""
					{"error":{"code":502,"message":"Provider returned error"},"usage":{"prompt_tokens":9}}
					""", this.usages::add)).isInstanceOfSatisfying(LlmTransientException.class,
					ex -> assertThat(ex.status()).isEqualTo(502));
			assertThat(this.usages).extracting(ChatCompletionResponse.Usage::promptTokens).containsExactly(9);
		}

		@Test
		void turnsAChoiceLevelErrorWithoutCodeIntoA502() {
			assertThatThrownBy(() -> this.api.read("""
					{"choices":[{"finish_reason":"error","error":{"message":"upstream died"}}]}
					""", this.usages::add)).isInstanceOfSatisfying(LlmTransientException.class,
					ex -> assertThat(ex.reason()).isEqualTo("http_502"));
		}

		@Test
		void rejectsA200ErrorThatARetryCannotFix() {
			assertThatThrownBy(
					() -> this.api.read("{\"error\":{\"code\":401,\"message\":\"No auth\"}}", this.usages::add))
				.isInstanceOf(LlmRejectedException.class);
		}

		@Test
		void treatsAMalformedBodyAsTransient() {
			assertThatThrownBy(() -> this.api.read("{\"choices\":", this.usages::add)).isInstanceOfSatisfying(
					LlmTransientException.class, ex -> assertThat(ex.reason()).isEqualTo("malformed_body"));
		}

	}

	@Test
	void readsAStreamingChunkWithItsDeltaAndTheFinalUsage() throws Exception {
		ChatCompletionChunk delta = JSON.readValue("""
				{"id":"gen-1","object":"chat.completion.chunk","model":"m",
				 "choices":[{"index":0,"delta":{"role":"assistant","content":"{\\"re"},"finish_reason":null}]}
				""", ChatCompletionChunk.class);
		ChatCompletionChunk last = JSON.readValue(
				"""
						{"id":"gen-1","model":"m","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}
						""",
				ChatCompletionChunk.class);

		assertThat(delta.choices().get(0).delta().content()).isEqualTo("{\"re");
		assertThat(delta.usage()).isNull();
		assertThat(last.choices()).isEmpty();
		assertThat(last.usage()).isEqualTo(new ChatCompletionResponse.Usage(3, 4, 7));
	}

}
