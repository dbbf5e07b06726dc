package io.agentruntime.web;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The deadline timer of upstream calls, on real OkHttp calls to a local server: what a
 * call ended by its deadline, by another cancel or by its reader looks like, and that no
 * call leaves its deadline queued.
 */
class CallDeadlinesTests {

	private static final Duration DEADLINE = Duration.ofMillis(300);

	private final MockWebServer server = new MockWebServer();

	private final OkHttpClient http = new OkHttpClient();

	private final CallDeadlines deadlines = new CallDeadlines();

	/** What the server answers next. */
	private volatile MockResponse next = new MockResponse.Builder().code(200).body("answer").build();

	/** Held open by the server until released, when a test sets it. */
	private volatile CountDownLatch release;

	private final CountDownLatch arrived = new CountDownLatch(1);

	@BeforeEach
	void start() throws IOException {
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
				CallDeadlinesTests.this.arrived.countDown();
				CountDownLatch release = CallDeadlinesTests.this.release;
				if (release != null) {
					release.await(10, TimeUnit.SECONDS);
				}
				return CallDeadlinesTests.this.next;
			}
		});
		this.server.start();
	}

	@AfterEach
	void stop() throws IOException {
		CountDownLatch release = this.release;
		if (release != null) {
			release.countDown();
		}
		this.server.close();
		this.deadlines.close();
	}

	private Call call() {
		return this.http.newCall(new okhttp3.Request.Builder().url(this.server.url("/")).build());
	}

	private String read(Call call, Duration timeout) throws IOException {
		return this.deadlines.execute(call, timeout, (response) -> response.body().string());
	}

	@Test
	void answersACallInTimeAndWithdrawsItsDeadline() throws Exception {
		this.release = new CountDownLatch(1);
		CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
			try {
				return read(call(), Duration.ofSeconds(10));
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThat(this.arrived.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.deadlines.pending()).isEqualTo(1);

		this.release.countDown();

		assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("answer");
		assertThat(this.deadlines.pending()).isZero();
	}

	@Test
	void endsACallWhoseHeadersNeverComeAsATimeout() {
		this.next = new MockResponse.Builder().code(200).headersDelay(10, TimeUnit.SECONDS).body("late").build();

		long started = System.nanoTime();
		assertThatThrownBy(() -> read(call(), DEADLINE)).isExactlyInstanceOf(InterruptedIOException.class)
			.hasMessage("timeout");

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		assertThat(this.deadlines.pending()).isZero();
	}

	@Test
	void endsABodyThatStallsAfterTheHeadersAsATimeoutRatherThanAShortBody() {
		this.next = new MockResponse.Builder().code(200)
			.body("{\"whole\":\"body\"}")
			.bodyDelay(10, TimeUnit.SECONDS)
			.build();
		AtomicReference<Integer> status = new AtomicReference<>();

		assertThatThrownBy(() -> this.deadlines.execute(call(), DEADLINE, (response) -> {
			status.set(response.code());
			return response.body().string();
		})).isExactlyInstanceOf(InterruptedIOException.class).hasMessage("timeout");

		assertThat(status.get()).as("headers arrived in time").isEqualTo(200);
		assertThat(this.deadlines.pending()).isZero();
	}

	@Test
	void passesOnACancelFromElsewhereAsItCame() throws Exception {
		this.release = new CountDownLatch(1);
		Call call = call();
		CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
			try {
				read(call, Duration.ofSeconds(10));
				return null;
			}
			catch (IOException ex) {
				return ex;
			}
		});
		assertThat(this.arrived.await(10, TimeUnit.SECONDS)).isTrue();

		call.cancel();

		assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class)
			.isNotInstanceOf(InterruptedIOException.class);
		assertThat(this.deadlines.pending()).isZero();
	}

	@Test
	void withdrawsTheDeadlineWhenTheReaderFails() {
		assertThatThrownBy(() -> this.deadlines.execute(call(), Duration.ofSeconds(10), (response) -> {
			throw new IllegalStateException("unusable answer");
		})).isInstanceOf(IllegalStateException.class).hasMessage("unusable answer");

		assertThat(this.deadlines.pending()).isZero();
	}

	@Test
	void sendsNothingWhenNoTimeIsLeft() {
		assertThatThrownBy(() -> read(call(), Duration.ZERO)).isExactlyInstanceOf(InterruptedIOException.class)
			.hasMessage("timeout");

		assertThat(this.server.getRequestCount()).isZero();
		assertThat(this.deadlines.pending()).isZero();
	}

}
