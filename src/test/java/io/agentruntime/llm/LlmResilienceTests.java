package io.agentruntime.llm;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.agentruntime.support.FakeLlm;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.agentruntime.llm.LlmTestClients.FALLBACK;
import static io.agentruntime.llm.LlmTestClients.PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retry-After and the deadline, fallback models, the per-model circuit breaker, the
 * bulkhead and the GenAI metrics of the client, against a {@link FakeLlm} with
 * millisecond settings.
 */
class LlmResilienceTests {

	static final FakeLlm LLM = new FakeLlm().start();

	private SimpleMeterRegistry meters;

	private CircuitBreakerRegistry breakers;

	@BeforeEach
	void reset() {
		LLM.reset();
		this.meters = new SimpleMeterRegistry();
		this.breakers = CircuitBreakerRegistry.ofDefaults();
	}

	@AfterAll
	static void stopFake() {
		LLM.close();
	}

	private OpenAiCompatibleLlmClient client(List<String> fallbacks) {
		return LlmTestClients.client(LlmTestClients.properties(LLM, LlmProvider.OPENROUTER, fallbacks), this.breakers,
				this.meters);
	}

	private static Timed timed(OpenAiCompatibleLlmClient client, Duration deadline) {
		long started = System.nanoTime();
		LlmResult result = client.complete(LlmTestClients.request(deadline));
		return new Timed(result, Duration.ofNanos(System.nanoTime() - started));
	}

	record Timed(LlmResult result, Duration took) {
	}

	@Nested
	class RetryAfterAndDeadline {

		@Test
		void waitsForRetryAfterWhenItFitsTheDeadline() {
			LLM.enqueue(FakeLlm.rateLimited(1), FakeLlm.replyFrom(PRIMARY, "After the wait."));

			Timed timed = timed(client(List.of()), Duration.ofSeconds(5));

			assertThat(timed.result().reply().reply()).isEqualTo("After the wait.");
			assertThat(LLM.calls()).hasSize(2);
			assertThat(timed.took()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		}

		@Test
		void waitsForRetryAfterMillis() {
			LLM.enqueue(FakeLlm.rateLimitedMillis(300), FakeLlm.replyFrom(PRIMARY, "After 300 ms."));

			Timed timed = timed(client(List.of()), Duration.ofSeconds(5));

			assertThat(timed.result().reply().reply()).isEqualTo("After 300 ms.");
			assertThat(LLM.calls()).hasSize(2);
			assertThat(timed.took()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		}

		@Test
		void waitsFor503RetryAfter() {
			LLM.enqueue(FakeLlm.unavailable(1), FakeLlm.replyFrom(PRIMARY, "Capacity again."));

			Timed timed = timed(client(List.of()), Duration.ofSeconds(5));

			assertThat(timed.result().reply().reply()).isEqualTo("Capacity again.");
			assertThat(LLM.calls()).hasSize(2);
			assertThat(timed.took()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		}

		@Test
		void movesToTheFallbackModelInsteadOfWaitingPastTheDeadline() {
			LLM.enqueue(FakeLlm.rateLimited(2), FakeLlm.replyFrom(FALLBACK, "Fallback, no wait."));

			Timed timed = timed(client(List.of(FALLBACK)), Duration.ofMillis(1500));

			assertThat(timed.result().reply().reply()).isEqualTo("Fallback, no wait.");
			assertThat(timed.result().model()).isEqualTo(FALLBACK);
			assertThat(LLM.calls()).extracting(FakeLlm.Call::model).containsExactly(PRIMARY, FALLBACK);
			assertThat(timed.took()).isLessThan(Duration.ofSeconds(1));
		}

		@Test
		void doesNotRetryWhenRetryAfterExceedsTwoMinutes() {
			LLM.enqueue(FakeLlm.rateLimited(121), FakeLlm.replyFrom(PRIMARY, "Never asked."));

			Timed timed = timed(client(List.of()), Duration.ofMinutes(5));

			assertThat(timed.result().outcome()).isEqualTo(LlmResult.Outcome.UNAVAILABLE);
			assertThat(LLM.calls()).hasSize(1);
			assertThat(timed.took()).isLessThan(Duration.ofSeconds(1));
		}

		@Test
		void answersWithinTheDeadlinePlusOneSecondWhenTheUpstreamHangs() {
			LlmProperties properties = LlmTestClients.properties(LLM, LlmProvider.OPENROUTER, List.of(FALLBACK),
					Duration.ofSeconds(15), LlmTestClients.LENIENT_BREAKER, LlmTestClients.ROOMY_BULKHEAD);
			OpenAiCompatibleLlmClient client = LlmTestClients.client(properties, LlmResilienceTests.this.breakers,
					LlmResilienceTests.this.meters);
			LLM.enqueue(FakeLlm.hang(10_000), FakeLlm.hang(10_000), FakeLlm.hang(10_000), FakeLlm.hang(10_000));

			Timed timed = timed(client, Duration.ofSeconds(1));

			assertThat(timed.result().outcome()).isEqualTo(LlmResult.Outcome.UNAVAILABLE);
			assertThat(LLM.calls()).hasSize(1);
			assertThat(timed.took()).isLessThan(Duration.ofSeconds(2));
		}

	}

	@Nested
	class FallbackModels {

		@Test
		void theFallbackModelAnswersAfterThePrimaryExhaustsItsRetries() {
			LLM.enqueue(FakeLlm.serverError(503), FakeLlm.serverError(503), FakeLlm.serverError(503),
					FakeLlm.replyFrom(FALLBACK, "The fallback speaking."));

			LlmResult result = client(List.of(FALLBACK)).complete(LlmTestClients.request(Duration.ofSeconds(5)));

			assertThat(result.reply().reply()).isEqualTo("The fallback speaking.");
			assertThat(result.model()).isEqualTo(FALLBACK);
			assertThat(result.attempts()).isEqualTo(4);
			assertThat(LLM.calls()).extracting(FakeLlm.Call::model)
				.containsExactly(PRIMARY, PRIMARY, PRIMARY, FALLBACK);
			assertThat(operations(PRIMARY, "http_503")).isEqualTo(3);
			assertThat(operations(FALLBACK, GenAiMetrics.NONE)).isEqualTo(1);
			assertThat(LlmResilienceTests.this.meters.get(GenAiMetrics.TOKEN_USAGE)
				.tag("gen_ai.request.model", FALLBACK)
				.tag("gen_ai.response.model", FALLBACK)
				.tag("gen_ai.token.type", "output")
				.summary()
				.totalAmount()).isEqualTo(30);
		}

		@Test
		void theFallbackModelIsTriedOnceAfterARejection() {
			LLM.enqueue(FakeLlm.unauthorizedOpenRouter(), FakeLlm.unauthorizedOpenRouter());

			LlmResult result = client(List.of(FALLBACK)).complete(LlmTestClients.request(Duration.ofSeconds(5)));

			assertThat(result.outcome()).isEqualTo(LlmResult.Outcome.UNAVAILABLE);
			assertThat(LLM.calls()).extracting(FakeLlm.Call::model).containsExactly(PRIMARY, FALLBACK);
			assertThat(operations(PRIMARY, "http_401")).isEqualTo(1);
		}

		@Test
		void labelsAnUnknownResponseModelAsOther() {
			LLM.enqueue(FakeLlm.replyFrom("openai/gpt-4o-mini-2024-07-18", "Dated snapshot."));

			client(List.of()).complete(LlmTestClients.request(Duration.ofSeconds(5)));

			assertThat(LlmResilienceTests.this.meters.get(GenAiMetrics.OPERATION_DURATION)
				.tag("gen_ai.response.model", GenAiMetrics.OTHER)
				.tag("gen_ai.provider.name", "openrouter")
				.tag("gen_ai.operation.name", "chat")
				.timer()
				.count()).isEqualTo(1);
		}

	}

	@Nested
	class CircuitBreakerAndBulkhead {

		private OpenAiCompatibleLlmClient breakingClient(List<String> fallbacks) {
			LlmProperties properties = LlmTestClients.properties(LLM, LlmProvider.OPENROUTER, fallbacks,
					Duration.ofSeconds(2), new LlmProperties.BreakerSettings(50, 3, 3, Duration.ofMillis(500), 1),
					LlmTestClients.ROOMY_BULKHEAD);
			return LlmTestClients.client(properties, LlmResilienceTests.this.breakers, LlmResilienceTests.this.meters);
		}

		@Test
		void opensAfterTheConfiguredFailuresSkipsTheModelThenRecoversThroughAHalfOpenProbe() throws Exception {
			OpenAiCompatibleLlmClient client = breakingClient(List.of());
			LLM.enqueue(FakeLlm.serverError(500), FakeLlm.serverError(500), FakeLlm.serverError(500));
			assertThat(client.complete(LlmTestClients.request(Duration.ofSeconds(5))).outcome())
				.isEqualTo(LlmResult.Outcome.UNAVAILABLE);
			assertThat(LLM.calls()).hasSize(3);
			assertThat(client.circuitBreaker(PRIMARY).getState()).isEqualTo(CircuitBreaker.State.OPEN);

			LlmResult whileOpen = client.complete(LlmTestClients.request(Duration.ofSeconds(5)));

			assertThat(whileOpen.outcome()).isEqualTo(LlmResult.Outcome.UNAVAILABLE);
			assertThat(whileOpen.attempts()).isZero();
			assertThat(LLM.calls()).hasSize(3);

			// The configured open time is the behaviour under test: nothing to poll
			// before it ends.
			TimeUnit.MILLISECONDS.sleep(550);
			LLM.enqueue(FakeLlm.replyFrom(PRIMARY, "Healthy again."));

			LlmResult probe = client.complete(LlmTestClients.request(Duration.ofSeconds(5)));

			assertThat(probe.reply().reply()).isEqualTo("Healthy again.");
			assertThat(LLM.calls()).hasSize(4);
			assertThat(client.circuitBreaker(PRIMARY).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		}

		@Test
		void sendsStraightToTheFallbackModelWhileThePrimarysBreakerIsOpen() {
			OpenAiCompatibleLlmClient client = breakingClient(List.of(FALLBACK));
			client.circuitBreaker(PRIMARY).transitionToOpenState();
			LLM.enqueue(FakeLlm.replyFrom(FALLBACK, "Fallback while open."));

			LlmResult result = client.complete(LlmTestClients.request(Duration.ofSeconds(5)));

			assertThat(result.model()).isEqualTo(FALLBACK);
			assertThat(LLM.calls()).extracting(FakeLlm.Call::model).containsExactly(FALLBACK);
		}

		@Test
		void rejectionsDoNotOpenTheBreaker() {
			OpenAiCompatibleLlmClient client = breakingClient(List.of());
			for (int i = 0; i < 4; i++) {
				LLM.enqueue(FakeLlm.unauthorizedOpenAi());
				client.complete(LlmTestClients.request(Duration.ofSeconds(5)));
			}

			assertThat(client.circuitBreaker(PRIMARY).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			assertThat(LLM.calls()).hasSize(4);
		}

		@Test
		void theBulkheadTurnsAwayCallsBeyondItsLimit() throws Exception {
			LlmProperties properties = LlmTestClients.properties(LLM, LlmProvider.OPENROUTER, List.of(),
					Duration.ofSeconds(2), LlmTestClients.LENIENT_BREAKER,
					new LlmProperties.BulkheadSettings(1, Duration.ZERO));
			OpenAiCompatibleLlmClient client = LlmTestClients.client(properties, LlmResilienceTests.this.breakers,
					LlmResilienceTests.this.meters);
			LLM.enqueue(FakeLlm.hang(1500));
			CompletableFuture<LlmResult> first = CompletableFuture
				.supplyAsync(() -> client.complete(LlmTestClients.request(Duration.ofSeconds(1))));
			long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
			while (LLM.calls().isEmpty() && System.nanoTime() < waitUntil) {
				Thread.onSpinWait();
			}

			LlmResult second = client.complete(LlmTestClients.request(Duration.ofSeconds(1)));

			assertThat(second.outcome()).isEqualTo(LlmResult.Outcome.UNAVAILABLE);
			assertThat(second.attempts()).isZero();
			assertThat(first.get(3, TimeUnit.SECONDS).attempts()).isEqualTo(1);
			assertThat(LLM.calls()).hasSize(1);
		}

	}

	private long operations(String model, String errorType) {
		return this.meters.get(GenAiMetrics.OPERATION_DURATION)
			.tag("gen_ai.request.model", model)
			.tag("error.type", errorType)
			.timers()
			.stream()
			.mapToLong(io.micrometer.core.instrument.Timer::count)
			.sum();
	}

}
