package io.agentruntime.proof;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.support.Api;
import io.agentruntime.support.AppInstance;
import io.agentruntime.support.FakeLlm;
import io.agentruntime.support.FakeSupermemory;
import io.agentruntime.support.IntegrationTest;
import io.agentruntime.support.OutageDatabase;
import io.agentruntime.support.Sentinels;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault campaign (issue 9): for each upstream fault class of contracts/openai-chat.md
 * §6 and contracts/supermemory.md, a batch of replies, each answered within
 * {@code agent.reply.deadline} (3 s in the tests) plus 1 s with a contract-valid body.
 * Replies go through {@link Api}, so the invariants check their audit rows and memory
 * writes afterwards. The database outage runs on a second instance with its own
 * PostgreSQL ({@link #databaseOutage}). New fault classes go into {@link #llmFaults()} /
 * {@link #memoryFaults()}.
 */
class FaultCampaignIntegrationTests extends IntegrationTest {

	static final Duration DEADLINE_PLUS_ONE = Duration.ofSeconds(3 + 1);

	static final int BATCH = 3;

	/**
	 * Copies of a fault queued per reply: enough for every retry, repair and fallback
	 * model.
	 */
	static final int COPIES = 8;

	private static final Set<String> REASONS = Set.of("memory_unavailable", "llm_unavailable", "llm_invalid_output");

	/**
	 * LLM faults by name: contracts/openai-chat.md §6 items 2 to 11, each served for
	 * every call of a reply.
	 */
	static Map<String, Supplier<MockResponse>> llmFaults() {
		String model = "openai/gpt-4o-mini";
		Map<String, Supplier<MockResponse>> faults = new LinkedHashMap<>();
		// §6.2: parseable with effort.
		faults.put("fenced content", () -> FakeLlm.fencedReply(model, "The grey Tundra is on the lot."));
		faults.put("content after prose", () -> FakeLlm.replyInProse(model, "The grey Tundra is on the lot."));
		faults.put("content after <think>", () -> FakeLlm.replyAfterThinking(model, "The grey Tundra is on the lot."));
		faults.put("content with a BOM", () -> FakeLlm.replyWithBom(model, "The grey Tundra is on the lot."));
		// §6.3 to §6.6: 200s that carry no usable reply.
		faults.put("finish_reason length, half a JSON object", () -> FakeLlm.truncated(model));
		faults.put("finish_reason length, reasoning spent the budget", () -> FakeLlm.reasoningExhausted(model));
		faults.put("refusal", () -> FakeLlm.refusal(model));
		faults.put("content_filter", () -> FakeLlm.contentFiltered(model));
		faults.put("200 with top-level error 429", () -> FakeLlm.errorIn200(429));
		faults.put("200 with top-level error 502", () -> FakeLlm.errorIn200(502));
		faults.put("200 with choice error", () -> FakeLlm.choiceError(model, 502));
		faults.put("200 empty choices", () -> FakeLlm.json(200,
				"{\"id\":\"gen-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"openai/gpt-4o-mini\",\"choices\":[]}"));
		faults.put("leading newlines", () -> FakeLlm.leadingNewlines(model, "The grey Tundra is on the lot."));
		faults.put("whitespace-only body, then close", FakeLlm::whitespaceThenClose);
		faults.put("invalid JSON body",
				() -> FakeLlm.json(200, "{\"id\":\"gen-1\",\"choices\":[{\"message\":{\"content\":"));
		faults.put("content that is prose, not JSON",
				() -> FakeLlm.completionText(model, "Sure, happy to help!", "stop"));
		// §6.7, §6.8, §6.11: permanent refusals of the request.
		faults.put("400 json_object needs json", FakeLlm::openAiNeedsJsonWord);
		faults.put("400 json_schema unsupported", FakeLlm::jsonSchemaUnsupported);
		faults.put("400 models array too long", FakeLlm::openRouterModelsArrayTooLong);
		faults.put("404 no endpoints", FakeLlm::openRouterNoEndpoints);
		faults.put("401 OpenAI", FakeLlm::unauthorizedOpenAi);
		faults.put("401 OpenRouter", FakeLlm::unauthorizedOpenRouter);
		faults.put("401 vLLM", FakeLlm::unauthorizedVllm);
		faults.put("402", FakeLlm::paymentRequired);
		faults.put("403 moderation", FakeLlm::moderationBlocked);
		faults.put("vLLM flat error", FakeLlm::vllmFlatError);
		faults.put("Ollama model not found", FakeLlm::ollamaModelNotFound);
		faults.put("vLLM context too long", FakeLlm::vllmContextTooLong);
		// §6.9, §6.10: availability.
		faults.put("429 with Retry-After 2", () -> FakeLlm.rateLimited(2));
		faults.put("429 with Retry-After 300", () -> FakeLlm.rateLimited(300));
		faults.put("429 insufficient_quota", FakeLlm::insufficientQuota);
		faults.put("503 with Retry-After 1", () -> FakeLlm.unavailable(1));
		faults.put("500", () -> FakeLlm.serverError(500));
		faults.put("502", () -> FakeLlm.serverError(502));
		faults.put("529", () -> FakeLlm.serverError(529));
		faults.put("502 HTML", FakeLlm::htmlBadGateway);
		faults.put("connection reset mid-body", () -> FakeLlm.resetMidBody(model));
		faults.put("hang past the attempt timeout", () -> FakeLlm.hang(5000));
		return faults;
	}

	/**
	 * Memory faults by name (contracts/supermemory.md §4, §7): served to every recall of
	 * the reply. Writes go through the outbox in the background and are exercised by
	 * {@link #memoryWriteOutage}.
	 */
	static Map<String, Supplier<MockResponse>> memoryFaults() {
		Map<String, Supplier<MockResponse>> faults = new LinkedHashMap<>();
		faults.put("memory 500", () -> FakeSupermemory.error(500, "Internal server error"));
		faults.put("memory 429", () -> FakeSupermemory.rateLimited(2));
		faults.put("memory slow", () -> FakeSupermemory.slow(5000));
		faults.put("memory 401", () -> FakeSupermemory.error(401, "Unauthorized"));
		faults.put("memory 402", () -> FakeSupermemory.error(402, "Text tokens limit reached"));
		faults.put("memory 403", () -> FakeSupermemory.error(403, "Forbidden"));
		faults.put("memory 400 array shape",
				() -> new MockResponse.Builder().code(400)
					.addHeader("Content-Type", "application/json")
					.body("{\"success\":false,\"error\":[{\"path\":[\"q\"],\"message\":\"Too short\"}],\"data\":{}}")
					.build());
		faults.put("memory invalid JSON",
				() -> new MockResponse.Builder().code(200)
					.addHeader("Content-Type", "application/json")
					.body("{\"results\":[{\"documentId\":")
					.build());
		faults.put("memory HTML 502",
				() -> new MockResponse.Builder().code(502)
					.addHeader("Content-Type", "text/html")
					.body("<html><body><h1>502 Bad Gateway</h1></body></html>")
					.build());
		faults.put("memory connection reset mid-body",
				() -> new MockResponse.Builder().code(200)
					.addHeader("Content-Type", "application/json")
					.body("{\"results\":[],\"total\":0,\"timing\":12}" + " ".repeat(4096))
					.onResponseBody(new SocketEffect.CloseSocket())
					.build());
		return faults;
	}

	@TestFactory
	List<DynamicTest> everyReplyIsAnsweredInTimeWithAValidBodyUnderEachFault() {
		List<DynamicTest> tests = new ArrayList<>();
		llmFaults().forEach((name, fault) -> tests.add(DynamicTest.dynamicTest("LLM " + name,
				() -> batch(name, () -> LLM.enqueue(copies(fault)), LLM::reset))));
		memoryFaults().forEach((name, fault) -> tests
			.add(DynamicTest.dynamicTest(name, () -> batch(name, () -> MEMORY.fail(copies(fault)), MEMORY::reset))));
		return tests;
	}

	/**
	 * Memory writes that fail for a while (supermemory.md §4: 503s) change nothing for
	 * the replies; the outbox keeps them, and the invariants later find each one
	 * delivered, pending or dead. Each reply has a conversation, so it is remembered
	 * (DESIGN §5).
	 */
	@Test
	void memoryWriteOutage() {
		Tenant tenant = newTenant("Fault memory write outage");
		MEMORY.writeOutage(tenant.clientId(), () -> FakeSupermemory.error(503, "Service unavailable"));
		try {
			for (int i = 0; i < BATCH; i++) {
				String conversationId = "write-outage-" + i;
				Api.Response response = timed("memory write outage", i,
						() -> this.api.post(Api.REPLY_PATH, tenant.replyKey(),
								Map.of("message", "Is the grey Tundra still on the lot? (write outage)",
										"conversationId", conversationId)));
				assertContractValid("memory write outage", response);
			}
		}
		finally {
			MEMORY.endOutage(tenant.clientId());
		}
		assertThat(this.api
			.post(Api.MEMORY_PATH, tenant.replyKey(), Map.of("content", "Prefers a grey truck (write outage)"))
			.status()).isEqualTo(202);
	}

	/**
	 * A database outage: a second instance on its own throwaway PostgreSQL (the shared
	 * one stays up, see ops/HealthTests). Every reply of the batch is a quick 503
	 * problem, never a 500 or a hang, and replies are 200 again once the database is
	 * back.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void databaseOutage(@TempDir Path dataDirectory, CapturedOutput output) throws Exception {
		OutageDatabase database = OutageDatabase.start(dataDirectory);
		try (AppInstance instance = database.startInstance()) {
			Api api = instance.api();
			String key = database.tenantWithKey("Fault Database Outage Motors");
			Map<String, Object> request = Map.of("message", "Is the grey Tundra still on the lot? (database outage)");
			assertThat(api.post(Api.REPLY_PATH, key, request).status()).as("before the outage").isEqualTo(200);

			database.stop();
			for (int i = 0; i < BATCH; i++) {
				Api.Response response = timed("database outage", i, () -> api.post(Api.REPLY_PATH, key, request));
				assertThat(response.status()).as("database outage: %s", response.body()).isEqualTo(503);
				assertThat(response.contentType()).startsWith("application/problem+json");
				assertThat(response.json().get("status").asInt()).isEqualTo(503);
				assertThat(response.body()).doesNotContain("jdbc", "postgres", "Exception", "SQL");
			}
			// The log names the route, not the path with its lead id (issue 14).
			String email = Sentinels.register("outage.lead@example.com");
			assertThat(timed("database outage", BATCH, () -> api.get("/api/agent/leads/" + email, key)).status())
				.isEqualTo(503);
			assertThat(output.getAll()).doesNotContain(email).contains("GET /api/agent/leads/{leadId}");

			database.restart();
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> timed("database back", 0, () -> api.post(Api.REPLY_PATH, key, request)).status() == 200);
			assertThat(database.jdbc().sql("select count(*) from agent_exchange").query(Long.class).single())
				.as("audit rows: before the outage and after it, none during it")
				.isGreaterThanOrEqualTo(2);
		}
		finally {
			database.close();
		}
	}

	/**
	 * Requests that share one credential during an outage all get their 503 together
	 * (issue 14): the credential lookup runs once for all of them and its failure is
	 * shared, instead of each waiter repeating the lookup and the k-th waiting 2·k s for
	 * the pool's connection timeout.
	 */
	@Test
	void concurrentRequestsOnOneKeyAllGetTheir503WithinThreeSecondsDuringAnOutage(@TempDir Path dataDirectory)
			throws Exception {
		OutageDatabase database = OutageDatabase.start(dataDirectory);
		try (AppInstance instance = database.startInstance()) {
			Api api = instance.api();
			// Never used before the outage, so no instance has it cached.
			String key = database.tenantWithKey("Fault Shared Lookup Motors");
			Map<String, Object> request = Map.of("message", "Is the grey Tundra still on the lot? (shared lookup)");

			database.stop();
			int concurrent = 8;
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(concurrent);
			try {
				List<Future<Duration>> took = new ArrayList<>();
				for (int i = 0; i < concurrent; i++) {
					took.add(pool.submit(() -> {
						start.await();
						long started = System.nanoTime();
						Api.Response response = api.post(Api.REPLY_PATH, key, request);
						assertThat(response.status()).as(response.body()).isEqualTo(503);
						assertThat(response.contentType()).startsWith("application/problem+json");
						return Duration.ofNanos(System.nanoTime() - started);
					}));
				}
				start.countDown();
				for (Future<Duration> duration : took) {
					assertThat(duration.get()).isLessThanOrEqualTo(Duration.ofSeconds(3));
				}
			}
			finally {
				pool.shutdownNow();
			}
		}
		finally {
			database.close();
		}
	}

	/**
	 * Connections dropped mid-transaction (failover, restart, an operator's
	 * {@code pg_terminate_backend}) answer 503, never 500 (issue 14: the rollback's
	 * "Connection is closed" hid the original error). Every backend of the instance is
	 * terminated again and again while replies run; each reply is a 200 with its audit
	 * row or a 503 problem.
	 */
	@Test
	void terminatedBackendsAnswer503NeverA500(@TempDir Path dataDirectory) throws Exception {
		OutageDatabase database = OutageDatabase.start(dataDirectory);
		try (AppInstance instance = database.startInstance()) {
			Api api = instance.api();
			String key = database.tenantWithKey("Fault Backend Termination Motors");
			AtomicBoolean running = new AtomicBoolean(true);
			AtomicInteger terminations = new AtomicInteger();
			Thread killer = new Thread(() -> {
				while (running.get()) {
					terminations.addAndGet(database.jdbc()
						.sql("select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity "
								+ "where datname = current_database() and pid <> pg_backend_pid() "
								+ "and backend_type = 'client backend') terminated")
						.query(Integer.class)
						.single());
					LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
				}
			});
			int threads = 4;
			int repliesEach = 10;
			ExecutorService pool = Executors.newFixedThreadPool(threads);
			List<Api.Response> responses = new CopyOnWriteArrayList<>();
			try {
				killer.start();
				List<Future<?>> done = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					int thread = t;
					done.add(pool.submit(() -> {
						for (int i = 0; i < repliesEach; i++) {
							responses.add(api.post(Api.REPLY_PATH, key,
									Map.of("message", "Is the grey Tundra still on the lot? (backend termination)",
											"conversationId", "termination-" + thread)));
						}
						return null;
					}));
				}
				for (Future<?> future : done) {
					future.get();
				}
			}
			finally {
				running.set(false);
				killer.join();
				pool.shutdownNow();
			}

			assertThat(terminations.get()).as("backends terminated").isPositive();
			System.out.printf("backend termination: %d backends terminated; %d replies answered 200, %d 503%n",
					terminations.get(), responses.stream().filter(r -> r.status() == 200).count(),
					responses.stream().filter(r -> r.status() == 503).count());
			assertThat(responses)
				.allSatisfy(response -> assertThat(response.status()).as(response.body()).isIn(200, 503));
			List<UUID> answered = responses.stream()
				.filter(response -> response.status() == 200)
				.map(response -> UUID.fromString(response.json().get("exchangeId").asText()))
				.toList();
			for (UUID exchangeId : answered) {
				assertThat(database.jdbc()
					.sql("select count(*) from agent_exchange where id = ?")
					.param(exchangeId)
					.query(Long.class)
					.single()).as("the audit row of a 200").isOne();
			}
		}
		finally {
			database.close();
		}
	}

	/**
	 * Sends the batch at once, as a burst of leads would arrive, with the fault queued
	 * for every upstream call of every reply; each reply is timed on its own.
	 */
	private void batch(String name, Runnable inject, Runnable clear) throws Exception {
		// Each fault meets closed breakers: an open one from the previous fault would
		// hide this one.
		this.circuitBreakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
		Tenant tenant = newTenant("Fault " + name);
		for (int i = 0; i < BATCH; i++) {
			inject.run();
		}
		ExecutorService pool = Executors.newFixedThreadPool(BATCH);
		try {
			List<Future<Api.Response>> responses = new ArrayList<>();
			for (int i = 0; i < BATCH; i++) {
				int n = i;
				responses.add(
						pool.submit(
								() -> timed(name, n,
										() -> this.api.post(Api.REPLY_PATH, tenant.replyKey(),
												Map.of("message",
														"Is the grey Tundra still on the lot? (fault campaign)",
														"conversationId", "fault-" + n)))));
			}
			for (Future<Api.Response> response : responses) {
				assertContractValid(name, response.get());
			}
		}
		finally {
			pool.shutdownNow();
			clear.run();
		}
		assertThat(this.jdbc.sql("select count(*) from agent_exchange where client_id = ?")
			.param(tenant.clientId())
			.query(Long.class)
			.single()).as("%s: audit rows", name).isEqualTo(BATCH);
		this.circuitBreakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
	}

	/**
	 * Sends one request and fails when it took longer than the reply deadline plus one
	 * second.
	 */
	private static Api.Response timed(String name, int i, Supplier<Api.Response> call) {
		long started = System.nanoTime();
		Api.Response response = call.get();
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(took).as("%s: request %d took", name, i).isLessThanOrEqualTo(DEADLINE_PLUS_ONE);
		assertThat(response.status()).as("%s: never a 500", name).isNotEqualTo(500);
		return response;
	}

	/** DESIGN §3: the 200 body of a reply, whatever went wrong upstream. */
	private static void assertContractValid(String name, Api.Response response) {
		assertThat(response.status()).as("%s: %s", name, response.body()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/json");
		assertThat(response.header("X-Request-Id")).isNotBlank();
		JsonNode body = response.json();
		assertThat(body.get("reply").asText()).isNotBlank().hasSizeLessThanOrEqualTo(2000);
		assertThat(body.get("quickReplies").isArray()).isTrue();
		assertThat(body.get("quickReplies").size()).isLessThanOrEqualTo(4);
		assertThat(UUID.fromString(body.get("exchangeId").asText())).isNotNull();
		assertThat(body.get("model").isNull() || body.get("model").isTextual()).isTrue();
		assertThat(body.get("memoryContextDocs").isArray()).isTrue();
		assertThat(body.get("degraded").isBoolean()).isTrue();
		List<String> reasons = new ArrayList<>();
		body.get("degradedReasons").forEach(reason -> reasons.add(reason.asText()));
		assertThat(reasons).allMatch(REASONS::contains);
		assertThat(body.get("degraded").asBoolean()).isEqualTo(!reasons.isEmpty());
		if (reasons.contains("llm_unavailable") || reasons.contains("llm_invalid_output")) {
			assertThat(body.get("model").isNull()).as("%s: the fallback reply names no model", name).isTrue();
		}
		// No upstream error text reaches the caller (DESIGN §3).
		assertThat(response.body()).doesNotContain("Exception", "Azure", "Bad Gateway", "Rate limit", "quota",
				"Unauthorized", "credits", "moderation", "Internal server error");
	}

	private static MockResponse[] copies(Supplier<MockResponse> fault) {
		MockResponse[] copies = new MockResponse[COPIES];
		for (int i = 0; i < COPIES; i++) {
			copies[i] = fault.get();
		}
		return copies;
	}

}
