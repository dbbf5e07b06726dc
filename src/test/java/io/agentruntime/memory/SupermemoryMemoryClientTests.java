package io.agentruntime.memory;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.agentruntime.support.FakeSupermemory;
import io.agentruntime.web.CallDeadlines;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract run against the Supermemory client and its fake, plus what only the hosted
 * API has: every request body matches the published schema, both error body shapes,
 * status handling.
 */
class SupermemoryMemoryClientTests extends MemoryStoreContractTests {

	private final SupermemoryMemoryClient client = new SupermemoryMemoryClient(
			new OkHttpClient.Builder().addInterceptor(chain -> chain.proceed(
					chain.request().newBuilder().header("Authorization", "Bearer " + FakeSupermemory.API_KEY).build()))
				.build(),
			JSON,
			new SupermemoryProperties(URI.create(MEMORY.baseUrl()), FakeSupermemory.API_KEY, Duration.ofSeconds(5)));

	@Override
	MemoryClient store() {
		return this.client;
	}

	@AfterEach
	void everyRequestMatchedThePublishedSchema() {
		assertThat(MEMORY.schemaViolations()).isEmpty();
	}

	@Test
	void theFakeRejectsUnknownAndNullFieldsAsTheRealApiDoes() throws Exception {
		OkHttpClient http = new OkHttpClient();
		for (String body : List.of("{\"content\":\"x\",\"containerTags\":[\"client:a\"],\"unknownField\":1}",
				"{\"content\":\"x\",\"customId\":null}",
				"{\"q\":\"x\",\"containerTags\":[\"client:a\"],\"docId\":null}", "{\"q\":\"x\",\"threshold\":0.5}")) {
			String path = body.contains("\"q\"") ? "/v3/search" : "/v3/documents";
			Request request = new Request.Builder().url(MEMORY.baseUrl() + path)
				.header("Authorization", "Bearer " + FakeSupermemory.API_KEY)
				.post(RequestBody.create(body, MediaType.get("application/json")))
				.build();
			try (Response response = http.newCall(request).execute()) {
				assertThat(response.code()).as(body).isEqualTo(400);
				assertThat(JSON.readTree(response.body().string()).get("error").isArray()).isTrue();
			}
		}
		assertThat(MEMORY.schemaViolations()).hasSize(4);
		MEMORY.reset();
	}

	@Test
	void readsTheWaitHintOfA429FromTheBodyOrTheHeader() {
		MEMORY.fail(FakeSupermemory.rateLimited(7));
		assertThatThrownBy(() -> this.client.list(List.of("client:" + UUID.randomUUID())))
			.isInstanceOfSatisfying(MemoryUnavailableException.class, ex -> {
				assertThat(ex.retryable()).isTrue();
				assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(7));
				assertThat(ex.reason()).isEqualTo("http_429");
			});
	}

	@Test
	void treatsValidationFailuresInEitherBodyShapeAsPermanentAndAuthOrQuotaAsRetryable() {
		UUID tenant = UUID.randomUUID();
		MemoryWrite write = new MemoryWrite("in_" + tenant, "text", MemoryTags.dealershipScope(tenant),
				Map.of("clientId", tenant.toString()));
		MEMORY.failFor(tenant, FakeSupermemory.error(400, "Invalid request parameters"),
				new mockwebserver3.MockResponse.Builder().code(400)
					.body("{\"success\":false,\"error\":[{\"path\":[\"containerTags\",0],\"message\":\"bad\"}],\"data\":{}}")
					.build(),
				FakeSupermemory.error(401, "Unauthorized"), FakeSupermemory.error(402, "Text tokens limit reached"),
				FakeSupermemory.error(403, "Forbidden"), FakeSupermemory.error(500, "Internal server error"));

		for (boolean retryable : List.of(false, false, true, true, true, true)) {
			assertThatThrownBy(() -> this.client.write(write)).isInstanceOfSatisfying(MemoryUnavailableException.class,
					ex -> assertThat(ex.retryable()).isEqualTo(retryable));
		}
		this.client.write(write);
		assertThat(MEMORY.documents().values()).extracting(FakeSupermemory.Document::customId).contains("in_" + tenant);
	}

	@Test
	void endsAHungSearchAtItsDeadlineAndAHungWriteAtTheWriteTimeout() {
		UUID tenant = UUID.randomUUID();
		SupermemoryProperties properties = new SupermemoryProperties(URI.create(MEMORY.baseUrl()),
				FakeSupermemory.API_KEY, Duration.ofMillis(400));
		SupermemoryMemoryClient configured = new SupermemoryMemoryClient(
				MemoryConfiguration.supermemoryHttp(properties), JSON, properties);
		MEMORY.failFor(tenant, FakeSupermemory.slow(5000), FakeSupermemory.slow(5000));

		long started = System.nanoTime();
		assertThatThrownBy(() -> configured.search(new MemorySearch("hung search", MemoryTags.dealershipScope(tenant),
				tenant, 3, 0.5, Duration.ofMillis(300))))
			.isInstanceOf(MemoryUnavailableException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));

		started = System.nanoTime();
		assertThatThrownBy(() -> configured.write(new MemoryWrite("in_" + tenant, "hung write",
				MemoryTags.dealershipScope(tenant), Map.of("clientId", tenant.toString()))))
			.isInstanceOfSatisfying(MemoryUnavailableException.class, ex -> assertThat(ex.retryable()).isTrue());
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
	}

	@Test
	void endsASearchWhoseBodyStallsAtItsDeadlineAndLeavesNoDeadlineQueued() {
		UUID tenant = UUID.randomUUID();
		SupermemoryProperties properties = new SupermemoryProperties(URI.create(MEMORY.baseUrl()),
				FakeSupermemory.API_KEY, Duration.ofSeconds(5));
		try (CallDeadlines deadlines = new CallDeadlines()) {
			SupermemoryMemoryClient configured = new SupermemoryMemoryClient(
					MemoryConfiguration.supermemoryHttp(properties), deadlines, JSON, properties);
			MEMORY.failFor(tenant, FakeSupermemory.stalledBody(5000));
			MemorySearch search = new MemorySearch("stalled search", MemoryTags.dealershipScope(tenant), tenant, 3, 0.5,
					Duration.ofMillis(300));

			long started = System.nanoTime();
			assertThatThrownBy(() -> configured.search(search)).isInstanceOfSatisfying(MemoryUnavailableException.class,
					ex -> {
						assertThat(ex.reason()).as("a cut-off body is no malformed one").isEqualTo("io");
						assertThat(ex.retryable()).isTrue();
					});
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
			assertThat(deadlines.pending()).isZero();

			assertThat(configured.search(search)).isEmpty();
			assertThat(deadlines.pending()).isZero();
		}
	}

	@Test
	void pagesThroughTheListAndDeletesInBulkByIdsOnly() {
		UUID tenant = UUID.randomUUID();
		List<String> scope = MemoryTags.dealershipScope(tenant);
		for (int i = 0; i < SupermemoryMemoryClient.PAGE + 5; i++) {
			MEMORY.seed("document " + i, scope, Map.of("clientId", tenant.toString()));
		}

		List<StoredDocument> listed = this.client.list(scope);
		this.client.delete(listed.stream().map(StoredDocument::id).toList());

		assertThat(listed).hasSize(SupermemoryMemoryClient.PAGE + 5);
		assertThat(MEMORY.calls("POST", "/v3/documents/list")).hasSize(2);
		List<FakeSupermemory.Call> bulk = MEMORY.calls("DELETE", "/v3/documents/bulk");
		assertThat(bulk).hasSize(2).allSatisfy(call -> {
			assertThat(call.body().has("ids")).isTrue();
			assertThat(call.body().has("containerTags")).isFalse();
		});
		assertThat(MEMORY.documents()).isEmpty();
	}

}
