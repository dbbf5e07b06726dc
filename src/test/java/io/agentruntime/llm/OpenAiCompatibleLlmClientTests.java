package io.agentruntime.llm;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.agentruntime.support.FakeLlm;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.agentruntime.llm.LlmTestClients.FALLBACK;
import static io.agentruntime.llm.LlmTestClients.PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client against every item of the fake-server checklist (contracts/openai-chat.md
 * §6): for each, what the caller gets (reply, outcome, model) and exactly how many calls
 * reached the upstream. Outcome {@code UNAVAILABLE} becomes the fallback reply with
 * {@code llm_unavailable}, and {@code INVALID_OUTPUT} the fallback reply with
 * {@code llm_invalid_output} (AgentRuntimeService).
 */
class OpenAiCompatibleLlmClientTests {

	static final FakeLlm LLM = new FakeLlm().start();

	private static final Duration DEADLINE = Duration.ofSeconds(5);

	private SimpleMeterRegistry meters;

	private OpenAiCompatibleLlmClient client;

	@BeforeEach
	void freshClient() {
		LLM.reset();
		this.meters = new SimpleMeterRegistry();
		this.client = LlmTestClients.client(LlmTestClients.properties(LLM, LlmProvider.OPENROUTER, List.of()),
				CircuitBreakerRegistry.ofDefaults(), this.meters);
	}

	@AfterAll
	static void stopFake() {
		LLM.close();
	}

	private LlmResult ask(MockResponse... script) {
		LLM.enqueue(script);
		return this.client.complete(LlmTestClients.request(DEADLINE));
	}

	private static void assertReply(LlmResult result, String reply, String model, int upstreamCalls) {
		assertThat(result.outcome()).isEqualTo(LlmResult.Outcome.OK);
		assertThat(result.reply().reply()).isEqualTo(reply);
		assertThat(result.model()).isEqualTo(model);
		assertThat(LLM.calls()).hasSize(upstreamCalls);
		assertThat(result.attempts()).isEqualTo(upstreamCalls);
	}

	private static void assertDegraded(LlmResult result, LlmResult.Outcome outcome, int upstreamCalls) {
		assertThat(result.outcome()).isEqualTo(outcome);
		assertThat(result.reply()).isNull();
		assertThat(result.model()).isNull();
		assertThat(LLM.calls()).hasSize(upstreamCalls);
	}

	/** §6.1, §6.2 and the parsing pipeline of §5. */
	@Nested
	class Success {

		@Test
		void answersWithAJsonSchemaReply() {
			LlmResult result = ask(FakeLlm.replyFrom(PRIMARY, "The red F-150 is here.", "Book a test drive"));

			assertReply(result, "The red F-150 is here.", PRIMARY, 1);
			assertThat(result.reply().quickReplies()).containsExactly("Book a test drive");
			assertThat(result.promptTokens()).isEqualTo(120);
			assertThat(result.completionTokens()).isEqualTo(30);
		}

		@Test
		void answersWithTheOpenRouterFlavour() {
			assertReply(ask(FakeLlm.openRouterReply(PRIMARY, "From OpenRouter.")), "From OpenRouter.", PRIMARY, 1);
		}

		@Test
		void stripsACodeFence() {
			assertReply(ask(FakeLlm.fencedReply(PRIMARY, "Fenced.")), "Fenced.", PRIMARY, 1);
		}

		@Test
		void takesTheJsonOutOfSurroundingProse() {
			assertReply(ask(FakeLlm.replyInProse(PRIMARY, "In prose.")), "In prose.", PRIMARY, 1);
		}

		@Test
		void dropsAThinkBlockAndTheDraftInIt() {
			assertReply(ask(FakeLlm.replyAfterThinking(PRIMARY, "After thinking.")), "After thinking.", PRIMARY, 1);
		}

		@Test
		void dropsAByteOrderMark() {
			assertReply(ask(FakeLlm.replyWithBom(PRIMARY, "With BOM.")), "With BOM.", PRIMARY, 1);
		}

		@Test
		void readsTheJsonFromTheReasoningFieldWhenContentIsNull() {
			assertReply(ask(FakeLlm.replyInReasoning(PRIMARY, "From reasoning.")), "From reasoning.", PRIMARY, 1);
		}

	}

	/** §6.3, §6.4: output that is not a usable reply. */
	@Nested
	class InvalidOutput {

		@Test
		void repairsTruncatedOutputOnceShowingTheModelWhy() {
			LlmResult result = ask(FakeLlm.truncated(PRIMARY), FakeLlm.replyFrom(PRIMARY, "Short and complete."));

			assertReply(result, "Short and complete.", PRIMARY, 2);
			assertThat(LLM.calls().get(1).user()).contains("finish_reason length");
		}

		@Test
		void givesUpAfterTheRepairIsTruncatedToo() {
			assertDegraded(ask(FakeLlm.truncated(PRIMARY), FakeLlm.truncated(PRIMARY)),
					LlmResult.Outcome.INVALID_OUTPUT, 2);
		}

		@Test
		void treatsEmptyContentWithLengthAsInvalidEvenWithReasoning() {
			assertDegraded(ask(FakeLlm.reasoningExhausted(PRIMARY), FakeLlm.reasoningExhausted(PRIMARY)),
					LlmResult.Outcome.INVALID_OUTPUT, 2);
		}

		@Test
		void doesNotReaskAfterARefusal() {
			assertDegraded(ask(FakeLlm.refusal(PRIMARY)), LlmResult.Outcome.INVALID_OUTPUT, 1);
		}

		@Test
		void doesNotReaskAfterTheContentFilter() {
			assertDegraded(ask(FakeLlm.contentFiltered(PRIMARY)), LlmResult.Outcome.INVALID_OUTPUT, 1);
		}

	}

	/** §6.5, §6.6: OpenRouter's HTTP-200 errors and odd bodies. */
	@Nested
	class Http200Errors {

		@Test
		void retriesATopLevelErrorWithCode429() {
			assertReply(ask(FakeLlm.errorIn200(429), FakeLlm.replyFrom(PRIMARY, "Second try.")), "Second try.", PRIMARY,
					2);
		}

		@Test
		void givesUpAfterTwoRetriesOfATopLevelErrorWithCode502() {
			assertDegraded(ask(FakeLlm.errorIn200(502), FakeLlm.errorIn200(502), FakeLlm.errorIn200(502)),
					LlmResult.Outcome.UNAVAILABLE, 3);
		}

		@Test
		void waitsForTheRetryAfterOfAnAvailabilityErrorWithoutCode() {
			long started = System.nanoTime();
			LlmResult result = ask(FakeLlm.availabilityErrorIn200(503, 0.3), FakeLlm.replyFrom(PRIMARY, "Available."));

			assertReply(result, "Available.", PRIMARY, 2);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		}

		@Test
		void retriesAChoiceLevelError() {
			assertReply(ask(FakeLlm.choiceError(PRIMARY, 502), FakeLlm.replyFrom(PRIMARY, "Recovered.")), "Recovered.",
					PRIMARY, 2);
		}

		@Test
		void toleratesNewlinesBeforeTheJson() {
			assertReply(ask(FakeLlm.leadingNewlines(PRIMARY, "After newlines.")), "After newlines.", PRIMARY, 1);
		}

		@Test
		void retriesAWhitespaceOnlyBody() {
			assertReply(ask(FakeLlm.whitespaceThenClose(), FakeLlm.replyFrom(PRIMARY, "Not empty.")), "Not empty.",
					PRIMARY, 2);
		}

	}

	/**
	 * §6.7, §6.8, §6.11: rejections are never retried; only "unsupported" downgrades to
	 * json_object.
	 */
	@Nested
	class Rejections {

		@Test
		void downgradesToJsonObjectAfterJsonSchemaUnsupportedAndRemembersIt() {
			LlmResult first = ask(FakeLlm.jsonSchemaUnsupported(), FakeLlm.replyFrom(PRIMARY, "Plain JSON mode."));
			LlmResult second = ask(FakeLlm.replyFrom(PRIMARY, "Still JSON mode."));

			assertThat(first.reply().reply()).isEqualTo("Plain JSON mode.");
			assertThat(first.attempts()).isEqualTo(2);
			assertThat(second.reply().reply()).isEqualTo("Still JSON mode.");
			assertThat(LLM.calls()).hasSize(3);
			assertThat(LLM.calls().get(0).body().at("/response_format/type").asText()).isEqualTo("json_schema");
			assertThat(LLM.calls().get(1).body().at("/response_format/type").asText()).isEqualTo("json_object");
			assertThat(LLM.calls().get(2).body().at("/response_format/type").asText()).isEqualTo("json_object");
		}

		@Test
		void downgradesAfterOpenRouterFindsNoEndpointForTheParameters() {
			LlmResult result = ask(FakeLlm.openRouterNoEndpoints(), FakeLlm.replyFrom(PRIMARY, "Routed."));

			assertReply(result, "Routed.", PRIMARY, 2);
			assertThat(LLM.calls().get(1).body().at("/response_format/type").asText()).isEqualTo("json_object");
		}

		@Test
		void doesNotDowngradeOrRetryWhenOpenAiWantsTheWordJson() {
			assertDegraded(ask(FakeLlm.openAiNeedsJsonWord()), LlmResult.Outcome.UNAVAILABLE, 1);
		}

		@Test
		void doesNotRetryTheModelsArrayCap() {
			assertDegraded(ask(FakeLlm.openRouterModelsArrayTooLong()), LlmResult.Outcome.UNAVAILABLE, 1);
		}

		@Test
		void doesNotRetryA401InOpenAisDialect() {
			assertDegraded(ask(FakeLlm.unauthorizedOpenAi()), LlmResult.Outcome.UNAVAILABLE, 1);
		}

		@Test
		void doesNotRetryA401InOpenRoutersDialect() {
			assertDegraded(ask(FakeLlm.unauthorizedOpenRouter()), LlmResult.Outcome.UNAVAILABLE, 1);
		}

		@Test
		void doesNotRetryVllmsStringBodied401() {
			assertDegraded(ask(FakeLlm.unauthorizedVllm()), LlmResult.Outcome.UNAVAILABLE, 1);
		}

		@Test
		void doesNotRetryOpenRouters402() {
			assertDegraded(ask(FakeLlm.paymentRequired()), LlmResult.Outcome.UNAVAILABLE, 1);
		}

		@Test
		void doesNotRetryA403ModerationFlag() {
			assertDegraded(ask(FakeLlm.moderationBlocked()), LlmResult.Outcome.UNAVAILABLE, 1);
		}

		@Test
		void doesNotRetryInsufficientQuotaAlthoughItIsA429() {
			assertDegraded(ask(FakeLlm.insufficientQuota()), LlmResult.Outcome.UNAVAILABLE, 1);
		}

		@Test
		void doesNotRetryTheOldFlatVllmError() {
			assertDegraded(ask(FakeLlm.vllmFlatError()), LlmResult.Outcome.UNAVAILABLE, 1);
		}

		@Test
		void doesNotRetryOllamasErrorWithCodeNull() {
			assertDegraded(ask(FakeLlm.ollamaModelNotFound()), LlmResult.Outcome.UNAVAILABLE, 1);
		}

		@Test
		void doesNotRetryVllmsContextLengthError() {
			assertDegraded(ask(FakeLlm.vllmContextTooLong()), LlmResult.Outcome.UNAVAILABLE, 1);
		}

	}

	/** §6.9, §6.10: transient failures are retried by us alone, at most twice. */
	@Nested
	class TransientFailures {

		@ParameterizedTest
		@ValueSource(ints = { 408, 409, 500, 502, 503, 504, 529 })
		void retriesAServerErrorWithoutHintExactlyOnceWhenTheRetrySucceeds(int status) {
			// 408 and 503 also prove OkHttp does not repeat the request on its own.
			assertReply(ask(FakeLlm.serverError(status), FakeLlm.replyFrom(PRIMARY, "Back up.")), "Back up.", PRIMARY,
					2);
		}

		@Test
		void makesAtMostThreeCallsToOneModel() {
			assertDegraded(ask(FakeLlm.serverError(500), FakeLlm.serverError(502), FakeLlm.serverError(529),
					FakeLlm.replyFrom(PRIMARY, "Too late.")), LlmResult.Outcome.UNAVAILABLE, 3);
		}

		@Test
		void retriesAn503WithRetryAfterZeroOnlyOnce() {
			MockResponse retryNow = new MockResponse.Builder(FakeLlm.serverError(503)).addHeader("Retry-After", "0")
				.build();
			assertReply(ask(retryNow, FakeLlm.replyFrom(PRIMARY, "Now.")), "Now.", PRIMARY, 2);
		}

		@Test
		void retriesAnHtml502Page() {
			assertReply(ask(FakeLlm.htmlBadGateway(), FakeLlm.replyFrom(PRIMARY, "Past the CDN.")), "Past the CDN.",
					PRIMARY, 2);
		}

		@Test
		void retriesAConnectionResetMidBody() {
			assertReply(ask(FakeLlm.resetMidBody(PRIMARY), FakeLlm.replyFrom(PRIMARY, "Whole.")), "Whole.", PRIMARY, 2);
		}

		@Test
		void retriesAnEmptyChoicesList() {
			String empty = "{\"id\":\"gen-1\",\"object\":\"chat.completion\",\"model\":\"" + PRIMARY
					+ "\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":0,\"total_tokens\":10}}";
			assertReply(ask(FakeLlm.json(200, empty), FakeLlm.replyFrom(PRIMARY, "Generated.")), "Generated.", PRIMARY,
					2);
		}

		@Test
		void retriesAResponseSlowerThanTheAttemptTimeout() {
			OpenAiCompatibleLlmClient quick = LlmTestClients.client(
					LlmTestClients.properties(LLM, LlmProvider.OPENROUTER, List.of(), Duration.ofMillis(800),
							LlmTestClients.LENIENT_BREAKER, LlmTestClients.ROOMY_BULKHEAD),
					CircuitBreakerRegistry.ofDefaults(), OpenAiCompatibleLlmClientTests.this.meters);
			LLM.enqueue(FakeLlm.hang(5000), FakeLlm.replyFrom(PRIMARY, "Faster now."));

			long started = System.nanoTime();
			LlmResult result = quick.complete(LlmTestClients.request(DEADLINE));

			assertReply(result, "Faster now.", PRIMARY, 2);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(3000));
			assertOneTimeoutThenSuccess();
		}

		@Test
		void retriesABodyThatStallsAfterItsHeadersPastTheAttemptTimeoutAsATimeout() {
			OpenAiCompatibleLlmClient quick = LlmTestClients.client(
					LlmTestClients.properties(LLM, LlmProvider.OPENROUTER, List.of(), Duration.ofMillis(800),
							LlmTestClients.LENIENT_BREAKER, LlmTestClients.ROOMY_BULKHEAD),
					CircuitBreakerRegistry.ofDefaults(), OpenAiCompatibleLlmClientTests.this.meters);
			// Status and headers at once, the body never within the attempt: a timeout,
			// not an empty or malformed 200.
			MockResponse stalled = FakeLlm.replyFrom(PRIMARY, "Too late.")
				.newBuilder()
				.bodyDelay(5000, TimeUnit.MILLISECONDS)
				.build();
			LLM.enqueue(stalled, FakeLlm.replyFrom(PRIMARY, "Faster now."));

			long started = System.nanoTime();
			LlmResult result = quick.complete(LlmTestClients.request(DEADLINE));

			assertReply(result, "Faster now.", PRIMARY, 2);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(3000));
			assertOneTimeoutThenSuccess();
		}

		/**
		 * The GenAI metrics saw the first attempt end as a timeout, the second succeed.
		 */
		private void assertOneTimeoutThenSuccess() {
			assertThat(OpenAiCompatibleLlmClientTests.this.meters.find(GenAiMetrics.OPERATION_DURATION)
				.tag("error.type", "timeout")
				.timer()).isNotNull().satisfies(timer -> assertThat(timer.count()).isEqualTo(1));
			assertThat(OpenAiCompatibleLlmClientTests.this.meters.find(GenAiMetrics.OPERATION_DURATION)
				.tag("error.type", GenAiMetrics.NONE)
				.timer()).isNotNull().satisfies(timer -> assertThat(timer.count()).isEqualTo(1));
		}

		@Test
		void retriesABodyThatTricklesPastTheAttemptTimeout() {
			OpenAiCompatibleLlmClient quick = LlmTestClients.client(
					LlmTestClients.properties(LLM, LlmProvider.OPENROUTER, List.of(), Duration.ofMillis(800),
							LlmTestClients.LENIENT_BREAKER, LlmTestClients.ROOMY_BULKHEAD),
					CircuitBreakerRegistry.ofDefaults(), OpenAiCompatibleLlmClientTests.this.meters);
			// Headers at once, then one byte every 100 ms: each read is quick, the whole
			// body is not.
			MockResponse trickle = FakeLlm.replyFrom(PRIMARY, "Too slow.")
				.newBuilder()
				.throttleBody(1, 100, TimeUnit.MILLISECONDS)
				.build();
			LLM.enqueue(trickle, FakeLlm.replyFrom(PRIMARY, "Faster now."));

			long started = System.nanoTime();
			LlmResult result = quick.complete(LlmTestClients.request(DEADLINE));

			assertReply(result, "Faster now.", PRIMARY, 2);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(3000));
			assertOneTimeoutThenSuccess();
		}

	}

}
