package io.agentruntime.llm;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.support.FakeLlm;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.agentruntime.llm.LlmTestClients.PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each HTTP call to the LLM is one Micrometer observation named
 * {@value GenAiObservationConvention#NAME} with the bounded GenAI keys, which a tracer
 * would turn into a span and {@link GenAiMetrics} into the GenAI metrics.
 */
class LlmCallObservationTests {

	static final FakeLlm LLM = new FakeLlm().start();

	private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private OpenAiCompatibleLlmClient client;

	@BeforeEach
	void observedClient() {
		LLM.reset();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new GenAiMetrics(this.meters));
		observations.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				LlmCallObservationTests.this.stopped.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		LlmProperties properties = LlmTestClients.properties(LLM, LlmProvider.OPENROUTER, List.of());
		this.client = new OpenAiCompatibleLlmClient(LlmConfiguration.httpClient(properties), properties,
				new ObjectMapper(), LlmRetryPolicy.resolve(null, properties.retry()), RetryRegistry.ofDefaults(),
				CircuitBreakerRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(), observations);
	}

	@AfterAll
	static void stopFake() {
		LLM.close();
	}

	@Test
	void observesEachHttpCallWithTheGenAiKeysAndTheFailureReason() {
		LLM.enqueue(FakeLlm.serverError(503), FakeLlm.replyFrom(PRIMARY, "Observed."));

		LlmResult result = this.client.complete(LlmTestClients.request(Duration.ofSeconds(5)));

		assertThat(result.reply().reply()).isEqualTo("Observed.");
		assertThat(this.stopped).hasSize(2).allSatisfy(context -> {
			assertThat(context.getName()).isEqualTo("gen_ai.client.operation");
			assertThat(context.getContextualName()).isEqualTo("chat " + PRIMARY);
		});
		assertThat(this.stopped.get(0).getLowCardinalityKeyValues()).containsExactlyInAnyOrder(
				KeyValue.of("gen_ai.operation.name", "chat"), KeyValue.of("gen_ai.provider.name", "openrouter"),
				KeyValue.of("gen_ai.request.model", PRIMARY), KeyValue.of("gen_ai.response.model", "none"),
				KeyValue.of("error.type", "http_503"));
		assertThat(this.stopped.get(0).getError()).isInstanceOf(LlmTransientException.class);
		assertThat(this.stopped.get(1).getLowCardinalityKeyValue("gen_ai.response.model").getValue())
			.isEqualTo(PRIMARY);
		assertThat(this.stopped.get(1).getLowCardinalityKeyValue("error.type").getValue()).isEqualTo("none");
		assertThat(this.meters.get(GenAiMetrics.OPERATION_DURATION).timers()).hasSize(2);
	}

}
