package io.agentruntime.llm;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.agentconfig.AgentProfile;
import io.agentruntime.prompt.PromptBuilder;
import io.agentruntime.prompt.PromptBuilder.PastExchange;
import io.agentruntime.simulator.LlmSimulator;
import io.agentruntime.simulator.PersonaSimulator;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose profile {@code simulator} as the service runs it: the application's own LLM
 * client (real OkHttp, json_schema, parsing and validation of the reply) configured as
 * compose configures it — provider {@code vllm}, the simulator's base URL, no API key —
 * asks the stand-alone simulator over HTTP with a prompt built by {@link PromptBuilder},
 * and gets a valid reply that shows the persona, the memory and the history.
 */
class LlmSimulatorClientTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static LlmSimulator simulator;

	@BeforeAll
	static void start() {
		simulator = LlmSimulator.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
	}

	@AfterAll
	static void stop() {
		simulator.close();
	}

	@Test
	void theServicesLlmClientGetsAPersonaMemoryAndHistoryAwareReplyWithoutAKey() {
		OpenAiCompatibleLlmClient client = client();
		AgentProfile riley = new AgentProfile(null, "Riley", "friendly truck expert", "warm", "concise",
				List.of("Mention our Saturday service hours"), List.of("Quote prices or discounts"), "automotive", null,
				null);
		List<PastExchange> history = List
			.of(new PastExchange("Is the red F-150 still available?", "Our team checks.", List.of()));

		LlmResult result = client.complete(new LlmRequest(
				messages(riley, history, "Can I book a test drive?", List.of("Prefers Saturday test drives")), null,
				null, Instant.now().plusSeconds(10)));

		assertThat(result.outcome()).isEqualTo(LlmResult.Outcome.OK);
		assertThat(result.reply().reply()).startsWith("Hi, lovely to hear from you! I'm Riley.")
			.contains("You asked before: \"Is the red F-150 still available?\".")
			.contains("What I remember about you: prefers Saturday test drives.")
			.contains("[Mention our Saturday service hours]")
			.endsWith(PersonaSimulator.DISCLOSURE);
		assertThat(result.reply().quickReplies()).contains("Visit on Saturday", "Book a test drive");
		assertThat(result.model()).isEqualTo(LlmSimulator.MODEL);
		assertThat(result.attempts()).isEqualTo(1);
		assertThat(result.promptTokens()).isPositive();
		assertThat(result.completionTokens()).isPositive();
		assertThat(client.probe()).as("the health endpoint's models probe").isTrue();
	}

	/**
	 * {@code agent.llm.*} as the compose profile sets it
	 * (deploy/simulator/simulator.env).
	 */
	private static OpenAiCompatibleLlmClient client() {
		LlmProperties properties = new LlmProperties(LlmProvider.VLLM, URI.create(simulator.baseUrl()), null,
				LlmSimulator.MODEL, List.of(), List.of(), 0.2, 700, Duration.ofSeconds(1), Duration.ofSeconds(5), null,
				null,
				new LlmProperties.RetrySettings(0, Duration.ofMillis(10), 2, Duration.ofMillis(50), 0.25,
						Duration.ofSeconds(1)),
				new LlmProperties.BreakerSettings(50, 10, 5, Duration.ofSeconds(30), 1),
				new LlmProperties.BulkheadSettings(16, Duration.ofMillis(250)));
		return new OpenAiCompatibleLlmClient(LlmConfiguration.httpClient(properties), properties, JSON,
				CircuitBreakerRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(), new SimpleMeterRegistry());
	}

	/** The prompt as the runtime builds it, as the chat messages the client sends. */
	private static List<ChatMessage> messages(AgentProfile profile, List<PastExchange> history, String message,
			List<String> memory) {
		return JSON.convertValue(PromptBuilder.messages(profile.persona(), history, message, null, memory),
				new TypeReference<List<ChatMessage>>() {
				});
	}

}
