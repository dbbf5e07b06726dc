package io.agentruntime.web;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An upstream's calls spread over several connection pools (issue 15 profile). */
class ShardedCallsTests {

	private final MockWebServer server = new MockWebServer();

	private final Set<String> authorizations = ConcurrentHashMap.newKeySet();

	private volatile CountDownLatch release = new CountDownLatch(0);

	@BeforeEach
	void start() throws IOException {
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
				ShardedCallsTests.this.authorizations.add(String.valueOf(request.getHeaders().get("Authorization")));
				ShardedCallsTests.this.release.await(10, TimeUnit.SECONDS);
				return new MockResponse.Builder().code(200).body("ok").build();
			}
		});
		this.server.start();
	}

	@AfterEach
	void stop() throws IOException {
		this.server.close();
	}

	@Test
	void reusesConnectionsAcrossManyCallsWithTheClientsSettingsOnEach() throws IOException {
		ShardedCalls calls = ShardedCalls.of(
				new OkHttpClient.Builder().addInterceptor(chain -> chain
					.proceed(chain.request().newBuilder().header("Authorization", "Bearer upstream-key").build())),
				64, Duration.ofMinutes(1), 64);

		for (int i = 0; i < 200; i++) {
			try (Response response = calls.newCall(request()).execute()) {
				assertThat(response.body().string()).isEqualTo("ok");
			}
		}

		assertThat(calls.connectionCount()).as("one kept connection per pool at most")
			.isLessThanOrEqualTo(ShardedCalls.SHARDS);
		assertThat(this.authorizations).containsExactly("Bearer upstream-key");
	}

	@Test
	void givesEveryCallInFlightAConnectionAndKeepsThemForTheNext() throws Exception {
		ShardedCalls calls = ShardedCalls.of(new OkHttpClient.Builder(), 256, Duration.ofMinutes(1), 64);
		assertThat(bodiesOfFortyCallsInFlight(calls)).containsExactly("ok");
		assertThat(calls.connectionCount()).as("the 40 connections stay pooled").isEqualTo(40);
	}

	@Test
	void closesConnectionsIdleLongerThanTheKeepAliveWithinAboutASecond() throws IOException {
		ShardedCalls calls = ShardedCalls.of(new OkHttpClient.Builder(), 64, Duration.ofMillis(50), 64);
		for (int i = 0; i < 20; i++) {
			try (Response response = calls.newCall(request()).execute()) {
				assertThat(response.body().string()).isEqualTo("ok");
			}
		}
		assertThat(calls.connectionCount()).isPositive();

		Awaitility.await()
			.atMost(Duration.ofSeconds(3))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> calls.connectionCount() == 0);
	}

	@Test
	void closesIdleConnectionsBeyondTheIdleLimitWithinAboutASecond() throws Exception {
		ShardedCalls calls = ShardedCalls.of(new OkHttpClient.Builder(), ShardedCalls.SHARDS, Duration.ofMinutes(1),
				64);
		bodiesOfFortyCallsInFlight(calls);

		Awaitility.await()
			.atMost(Duration.ofSeconds(3))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> calls.connectionCount() <= ShardedCalls.SHARDS);
	}

	/**
	 * Forty calls held by the server until all forty are in flight, then released.
	 * @return their bodies
	 */
	private Set<String> bodiesOfFortyCallsInFlight(ShardedCalls calls) throws Exception {
		this.release = new CountDownLatch(1);
		ExecutorService callers = Executors.newFixedThreadPool(40);
		try {
			List<Future<String>> inFlight = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				inFlight.add(callers.submit(() -> {
					try (Response response = calls.newCall(request()).execute()) {
						return response.body().string();
					}
				}));
			}
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.server.getRequestCount() == 40);
			this.release.countDown();
			Set<String> bodies = new HashSet<>();
			for (Future<String> call : inFlight) {
				bodies.add(call.get(10, TimeUnit.SECONDS));
			}
			return bodies;
		}
		finally {
			callers.shutdownNow();
		}
	}

	private Request request() {
		return new Request.Builder().url(this.server.url("/v1/chat/completions")).build();
	}

}
