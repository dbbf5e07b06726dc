package io.agentruntime.llm;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.support.FakeLlm;
import io.agentruntime.web.CallDeadlines;
import okio.AsyncTimeout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.agentruntime.llm.LlmTestClients.PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Each LLM call is bounded by one deadline on the shared timer (web/CallDeadlines), on
 * the OkHttp client the application builds: a timeout reads as {@code timeout}, every
 * call withdraws its deadline when it ends, and no call puts a timeout into okio's one
 * JVM-wide queue (issue 15 profile).
 */
class LlmCallDeadlineTests {

	static final FakeLlm LLM = new FakeLlm().start();

	private static final ObjectMapper JSON = new ObjectMapper();

	private final CallDeadlines deadlines = new CallDeadlines();

	private ChatCompletionsApi api;

	@BeforeEach
	void freshApi() {
		LLM.reset();
		LlmProperties properties = LlmTestClients.properties(LLM, LlmProvider.OPENROUTER, List.of());
		this.api = new ChatCompletionsApi(LlmConfiguration.httpClient(properties), this.deadlines, properties, JSON);
	}

	@AfterEach
	void stopTimer() {
		LLM.reset();
		this.deadlines.close();
	}

	@AfterAll
	static void stopFake() {
		LLM.close();
	}

	private Completion complete(Duration timeout) {
		return this.api.complete(this.api.request(PRIMARY, List.of(ChatMessage.user("Is the F-150 here?")), 100, false),
				timeout, (usage) -> {
				});
	}

	@Test
	void leavesNoDeadlineQueuedAfterAnAnswerARejectionOrATimeout() {
		LLM.enqueue(FakeLlm.replyFrom(PRIMARY, "Yes."), FakeLlm.unauthorizedOpenRouter(), FakeLlm.hang(5000));

		assertThat(complete(Duration.ofSeconds(2)).text()).contains("Yes.");
		assertThat(this.deadlines.pending()).isZero();
		assertThatThrownBy(() -> complete(Duration.ofSeconds(2))).isInstanceOf(LlmRejectedException.class);
		assertThat(this.deadlines.pending()).isZero();
		assertThatThrownBy(() -> complete(Duration.ofMillis(300))).isInstanceOfSatisfying(LlmTransientException.class,
				(ex) -> assertThat(ex.reason()).isEqualTo("timeout"));
		assertThat(this.deadlines.pending()).isZero();
	}

	@Test
	void endsABodyStalledAfterItsHeadersAsATimeoutRatherThanAnEmptyBody() {
		LLM.enqueue(FakeLlm.replyFrom(PRIMARY, "Too late.").newBuilder().bodyDelay(5, TimeUnit.SECONDS).build());

		assertThatThrownBy(() -> complete(Duration.ofMillis(300))).isInstanceOfSatisfying(LlmTransientException.class,
				(ex) -> {
					assertThat(ex.reason()).isEqualTo("timeout");
					assertThat(ex.status()).isZero();
				});
		assertThat(this.deadlines.pending()).isZero();
	}

	@Test
	void queuesNoOkioTimeoutWhileACallIsInFlight() throws Exception {
		FakeLlm.Gate gate = LLM.hold();
		CompletableFuture<Completion> answer = CompletableFuture.supplyAsync(() -> complete(Duration.ofSeconds(10)));
		assertThat(gate.awaitHeld(1, Duration.ofSeconds(10))).isTrue();

		assertThat(this.deadlines.pending()).isOne();
		// The queue is JVM-wide: another client's short read (a background memory
		// delivery) may sit in it for a moment, but a timeout of this held call would
		// stay there until the gate opens.
		await().atMost(Duration.ofSeconds(2)).until(() -> okioQueuedTimeouts() == 0);

		gate.open();
		assertThat(answer.get(10, TimeUnit.SECONDS).text()).isNotBlank();
		assertThat(this.deadlines.pending()).isZero();
	}

	/**
	 * The size of okio's JVM-wide timeout queue, where OkHttp's call timeout (and any
	 * read or write timeout) would put the call.
	 */
	private static int okioQueuedTimeouts() throws ReflectiveOperationException {
		Field field = AsyncTimeout.class.getDeclaredField("queue");
		field.setAccessible(true);
		Object queue = field.get(null);
		return queue.getClass().getField("size").getInt(queue);
	}

}
