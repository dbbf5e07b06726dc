package io.agentruntime.memory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.agentruntime.support.Api;
import io.agentruntime.support.FakeSupermemory;
import io.agentruntime.support.Ledger;
import io.micrometer.core.instrument.MeterRegistry;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The durable write path (DESIGN §5): replies and ingests queue a row in the same
 * transaction as their own data, and the background worker delivers it at least once and
 * idempotently, through outages, rate limits, restarts and competing instances. Outbox
 * timings in the test context are milliseconds (see IntegrationTest).
 */
class MemoryOutboxIntegrationTests extends io.agentruntime.support.IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Autowired
	MemoryOutbox outbox;

	@Autowired
	MemoryProperties properties;

	@Autowired
	MeterRegistry meters;

	@Autowired
	TransactionTemplate transactions;

	@AfterEach
	void everyRequestMatchedThePublishedSchema() {
		assertThat(MEMORY.schemaViolations()).isEmpty();
	}

	@Test
	void queuesEachExchangeWithItsAuditRowAndDeliversItToTheLeadScope() {
		Tenant tenant = newTenant("Outbox Motors");
		lead(tenant.clientId(), "lead-o", "Olivia@Example.com");

		Api.Response reply = this.api.post("/api/agent/reply", tenant.replyKey(),
				Map.of("message", "Do you have a hybrid SUV?", "leadId", "lead-o", "conversationId", "c-o"));

		String exchangeId = reply.json().get("exchangeId").asText();
		FakeSupermemory.Document document = awaitDocument("ex_" + exchangeId);
		String leadKey = MemoryTags.leadKey("olivia@example.com", null);
		assertThat(document.tags()).containsExactly(MemoryTags.clientTag(tenant.clientId()),
				MemoryTags.leadTag(leadKey));
		assertThat(document.content()).contains("Lead: Do you have a hybrid SUV?", "Assistant: ");
		assertThat(document.metadata()).containsEntry("clientId", tenant.clientId().toString())
			.containsEntry("leadKey", leadKey)
			.containsEntry("conversationId", "c-o")
			.containsEntry("kind", "exchange");
		await().atMost(WAIT).until(() -> rows(tenant.clientId()) == 0);
	}

	@Test
	void acceptsAnIngestAndDeliversItTaggedLikeTheRuntimesOwnWrites() {
		Tenant tenant = newTenant("Ingest Motors");
		lead(tenant.clientId(), "lead-i", "ingest@example.com");

		Api.Response accepted = this.api.post("/api/agent/memory", tenant.replyKey(),
				Map.of("content", "  Prefers Saturday test drives  ", "leadId", "lead-i", "metadata",
						Map.of("source", "crm", "priority", 2, "vip", true, "clientId", UUID.randomUUID().toString())));

		assertThat(accepted.status()).isEqualTo(202);
		String id = accepted.json().get("id").asText();
		FakeSupermemory.Document document = awaitDocument("in_" + id);
		assertThat(document.content()).isEqualTo("Prefers Saturday test drives");
		assertThat(document.tags()).containsExactlyElementsOf(
				MemoryTags.leadScope(tenant.clientId(), MemoryTags.leadKey("ingest@example.com", null)));
		assertThat(document.metadata()).containsEntry("clientId", tenant.clientId().toString())
			.containsEntry("source", "crm")
			.containsEntry("priority", 2)
			.containsEntry("vip", true);

		Api.Response dealershipWide = this.api.post("/api/agent/memory", tenant.replyKey(),
				Map.of("content", "We close at noon on Saturdays"));
		assertThat(awaitDocument("in_" + dealershipWide.json().get("id").asText()).tags())
			.containsExactly(MemoryTags.clientTag(tenant.clientId()));
	}

	@Test
	void rejectsInvalidIngestsAndAnotherTenantsLeadLikeAMissingOne() {
		Tenant tenant = newTenant("Ingest Validation Motors");
		Tenant other = newTenant("Other Ingest Motors");
		lead(other.clientId(), "lead-x", "x@example.com");

		for (Object body : List.of(Map.of("content", "   "), Map.of("content", "x".repeat(20001)),
				Map.of("content", "ok", "metadata", Map.of("nested", Map.of("a", 1))),
				Map.of("content", "ok", "metadata", Map.of("bad key!", "v")))) {
			Api.Response response = this.api.post("/api/agent/memory", tenant.replyKey(), body);
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.json().get("errors")).isNotEmpty();
		}
		Api.Response foreign = this.api.post("/api/agent/memory", tenant.replyKey(),
				Map.of("content", "about x", "leadId", "lead-x"));
		Api.Response missing = this.api.post("/api/agent/memory", tenant.replyKey(),
				Map.of("content", "about x", "leadId", "nope"));
		assertThat(foreign.status()).isEqualTo(404);
		assertThat(foreign.body()).isEqualTo(missing.body());
		assertThat(this.api.post("/api/agent/memory", null, Map.of("content", "x")).status()).isEqualTo(401);
		assertThat(rows(tenant.clientId())).isZero();
	}

	@Test
	void deliversAWriteAcceptedWhileTheStoreIsDownOnceItIsBack() {
		Tenant tenant = newTenant("Outage Motors");
		MEMORY.outage(tenant.clientId(), () -> FakeSupermemory.error(503, "Service unavailable"));

		String id = this.api.post("/api/agent/memory", tenant.replyKey(), Map.of("content", "Trade-in: 2015 Golf"))
			.json()
			.get("id")
			.asText();
		await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> adds(tenant.clientId()).size() >= 2);
		assertThat(status(tenant.clientId())).isEqualTo("pending");

		MEMORY.endOutage(tenant.clientId());

		assertThat(awaitDocument("in_" + id).content()).isEqualTo("Trade-in: 2015 Golf");
		await().atMost(WAIT).until(() -> rows(tenant.clientId()) == 0);
	}

	@Test
	void finishesAWriteLeftByAStoppedInstanceAfterTheNextStart() {
		Tenant tenant = newTenant("Restart Motors");
		Ledger.offLedger(tenant.clientId(), "queues its write through MemoryOutbox, not through Api");
		// Accepted and claimed by an instance that then stopped: committed row, lease
		// taken, never completed.
		UUID id = this.transactions.execute(tx -> {
			UUID queued = this.outbox.enqueueIngest(tenant.clientId(), null, "Asked for a callback on Monday", Map.of())
				.orElseThrow();
			this.jdbc.sql(
					"update memory_outbox set attempts = 1, next_attempt_at = now() + interval '1 second' where id = ?")
				.param(queued)
				.update();
			return queued;
		});
		MemoryOutboxWorker nextStart = newWorker();

		await().atMost(WAIT).untilAsserted(() -> {
			nextStart.deliverDue();
			assertThat(MEMORY.documents().values()).extracting(FakeSupermemory.Document::customId).contains("in_" + id);
		});
		await().atMost(WAIT).until(() -> rows(tenant.clientId()) == 0);
		assertThat(adds(tenant.clientId())).hasSize(1);
	}

	@Test
	void aReplysWriteIsDeliveredOnceByItsOwnInstanceBeforeAnyWorkerCouldClaimIt() {
		Tenant tenant = newTenant("Hand-over Motors");
		lead(tenant.clientId(), "lead-h", "handover@example.com");
		Instant sent = Instant.now();

		Api.Response reply = this.api.post("/api/agent/reply", tenant.replyKey(),
				Map.of("message", "Is the Civic still for sale?", "leadId", "lead-h", "conversationId", "c-h"));

		awaitDocument("ex_" + reply.json().get("exchangeId").asText());
		await().atMost(WAIT).until(() -> rows(tenant.clientId()) == 0);
		// Inserted claimed for a lease: no worker could have taken it before the lease
		// ended, so its instance delivered it.
		assertThat(adds(tenant.clientId())).singleElement()
			.satisfies((call) -> assertThat(call.at()).isBefore(sent.plus(this.properties.outbox().lease())));
	}

	@Test
	void deliversAReplysWriteLeftByAWriterThatStoppedBeforeHandingItOverAfterItsLease() {
		Tenant tenant = newTenant("Stopped Writer Motors");
		Ledger.offLedger(tenant.clientId(), "queues its write as the reply's statement does, not through Api");
		lead(tenant.clientId(), "lead-s", "stopped.writer@example.com");
		UUID exchangeId = UUID.randomUUID();
		MemoryOutbox.Write write = this.outbox
			.exchangeWrite(exchangeId, tenant.clientId(), "lead-s", "stopped.writer@example.com", "c-s",
					"Can you hold the car until Friday?", "Yes, until Friday noon.")
			.orElseThrow();
		Map<String, Object> params = new HashMap<>(write.params());
		params.putAll(this.outbox.claimedAtInsert());

		// What the reply's one statement inserts; the writer stops before the hand-over.
		this.jdbc.sql(MemoryOutbox.Write.insertWhere("true")).params(params).update();

		assertThat(
				this.jdbc.sql("select attempts = 1 and next_attempt_at > now() from memory_outbox where custom_id = ?")
					.param("ex_" + exchangeId)
					.query(Boolean.class)
					.single())
			.as("claimed at insert")
			.isTrue();
		newWorker().deliverDue();
		assertThat(MEMORY.documents().values()).extracting(FakeSupermemory.Document::customId)
			.doesNotContain("ex_" + exchangeId);
		awaitDocument("ex_" + exchangeId);
		await().atMost(WAIT).until(() -> rows(tenant.clientId()) == 0);
		assertThat(adds(tenant.clientId())).hasSize(1);
	}

	@Test
	void twoWorkersAtOnceNeverDeliverOneRowTwice() {
		Tenant tenant = newTenant("Busy Motors");
		Ledger.offLedger(tenant.clientId(), "queues its writes through MemoryOutbox, not through Api");
		this.transactions.executeWithoutResult(tx -> {
			for (int i = 0; i < 40; i++) {
				this.outbox.enqueueIngest(tenant.clientId(), null, "Note number " + i, Map.of());
			}
		});
		MemoryOutboxWorker first = newWorker();
		MemoryOutboxWorker second = newWorker();

		CompletableFuture<Void> a = CompletableFuture.runAsync(() -> drain(first, tenant.clientId()));
		CompletableFuture<Void> b = CompletableFuture.runAsync(() -> drain(second, tenant.clientId()));
		CompletableFuture.allOf(a, b).join();

		Map<String, Long> deliveriesPerRow = adds(tenant.clientId()).stream()
			.collect(Collectors.groupingBy(call -> call.body().get("customId").asText(), Collectors.counting()));
		assertThat(deliveriesPerRow).hasSize(40);
		assertThat(deliveriesPerRow.values()).containsOnly(1L);
	}

	@Test
	void deliversABatchInParallelSoASlowStoreDoesNotStallTheBacklog() {
		Tenant tenant = newTenant("Backlog Motors");
		int rows = this.properties.outbox().batchSize();
		// Every add of this tenant answers after 400 ms: one after the other the batch
		// would take 8 s.
		MEMORY.writeOutage(tenant.clientId(), () -> FakeSupermemory.slow(400));
		this.transactions.executeWithoutResult(tx -> {
			for (int i = 0; i < rows; i++) {
				this.outbox.enqueueIngest(tenant.clientId(), null, "Backlog note " + i, Map.of());
			}
		});
		long started = System.nanoTime();

		await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> rows(tenant.clientId()) == 0);

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(400L * rows / 4));
		assertThat(adds(tenant.clientId())).hasSize(rows);
		MEMORY.endOutage(tenant.clientId());
	}

	@Test
	void waitsAsLongAsA429AsksBeforeTryingAgain() {
		Tenant tenant = newTenant("Rate Limited Motors");
		MEMORY.failFor(tenant.clientId(), FakeSupermemory.rateLimited(1));

		String id = this.api.post("/api/agent/memory", tenant.replyKey(), Map.of("content", "Wants a quote"))
			.json()
			.get("id")
			.asText();

		awaitDocument("in_" + id);
		List<FakeSupermemory.Call> adds = adds(tenant.clientId());
		assertThat(adds).hasSize(2);
		assertThat(Duration.between(adds.get(0).at(), adds.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
	}

	@Test
	void parksARowAsDeadAfterItsRetryBudgetAndCountsIt() {
		Tenant tenant = newTenant("Dead Letter Motors");
		MEMORY.outage(tenant.clientId(), () -> FakeSupermemory.error(500, "Internal server error"));
		double deadBefore = counter("dead");
		double retriedBefore = counter("retried");

		this.api.post("/api/agent/memory", tenant.replyKey(), Map.of("content", "Will never arrive"));

		await().atMost(WAIT).until(() -> "dead".equals(status(tenant.clientId())));
		int budget = this.properties.outbox().maxAttempts();
		assertThat(adds(tenant.clientId())).hasSize(budget);
		assertThat(counter("dead") - deadBefore).isEqualTo(1);
		assertThat(counter("retried") - retriedBefore).isGreaterThanOrEqualTo(budget - 1);
		String scrape = this.api.get("/actuator/prometheus", null).body();
		assertThat(scrape).contains("agent_memory_outbox_total{result=\"dead\"}", "agent_memory_outbox_pending");
		MEMORY.endOutage(tenant.clientId());
	}

	@Test
	void parksARowTheStoreRejectsAsInvalidAtOnce() {
		Tenant tenant = newTenant("Rejected Motors");
		MEMORY.failFor(tenant.clientId(), FakeSupermemory.error(400, "Invalid request parameters"));

		this.api.post("/api/agent/memory", tenant.replyKey(), Map.of("content", "Rejected"));

		await().atMost(WAIT).until(() -> "dead".equals(status(tenant.clientId())));
		assertThat(adds(tenant.clientId())).hasSize(1);
	}

	@Test
	void repliesJustAsFastWhileMemoryIsDown() {
		Tenant tenant = newTenant("Latency Motors");
		this.api.post("/api/agent/reply", tenant.replyKey(),
				Map.of("message", "warm up", "conversationId", "latency-visit"));
		long up = timed(() -> this.api.post("/api/agent/reply", tenant.replyKey(),
				Map.of("message", "Any vans?", "conversationId", "latency-visit")));
		await().atMost(WAIT).until(() -> rows(tenant.clientId()) == 0);
		MEMORY.outage(tenant.clientId(), () -> FakeSupermemory.error(503, "Service unavailable"));

		List<Long> down = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			down.add(timed(() -> assertThat(this.api
				.post("/api/agent/reply", tenant.replyKey(),
						Map.of("message", "Any vans?", "conversationId", "latency-visit"))
				.status()).isEqualTo(200)));
		}

		assertThat(down).allMatch(ms -> ms < up + 500 && ms < 1500);
		// Every exchange's write was queued all the same, in the reply's own transaction.
		assertThat(rows(tenant.clientId())).isEqualTo(3);
		MEMORY.endOutage(tenant.clientId());
	}

	private MemoryOutboxWorker newWorker() {
		MemoryClient client = new SupermemoryMemoryClient(new OkHttpClient.Builder()
			.addInterceptor(chain -> chain.proceed(
					chain.request().newBuilder().header("Authorization", "Bearer " + FakeSupermemory.API_KEY).build()))
			.build(), JSON,
				new SupermemoryProperties(URI.create(MEMORY.baseUrl()), FakeSupermemory.API_KEY,
						Duration.ofSeconds(5)));
		return new MemoryOutboxWorker(this.jdbc, client, JSON, this.properties,
				new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
	}

	private void drain(MemoryOutboxWorker worker, UUID clientId) {
		await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> {
			worker.deliverDue();
			return rows(clientId) == 0;
		});
	}

	private FakeSupermemory.Document awaitDocument(String customId) {
		Function<String, FakeSupermemory.Document> find = id -> MEMORY.documents()
			.values()
			.stream()
			.filter(d -> id.equals(d.customId()))
			.findFirst()
			.orElse(null);
		return await().atMost(WAIT).until(() -> find.apply(customId), d -> d != null);
	}

	private List<FakeSupermemory.Call> adds(UUID clientId) {
		return MEMORY.calls("POST", "/v3/documents")
			.stream()
			.filter(call -> call.body() != null && call.body().toString().contains(clientId.toString()))
			.toList();
	}

	private long rows(UUID clientId) {
		return this.jdbc.sql("select count(*) from memory_outbox where client_id = ?")
			.param(clientId)
			.query(Long.class)
			.single();
	}

	private String status(UUID clientId) {
		return this.jdbc.sql("select status from memory_outbox where client_id = ?")
			.param(clientId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private double counter(String result) {
		var counter = this.meters.find("agent.memory.outbox").tag("result", result).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static long timed(Runnable action) {
		long started = System.nanoTime();
		action.run();
		return Duration.ofNanos(System.nanoTime() - started).toMillis();
	}

}
