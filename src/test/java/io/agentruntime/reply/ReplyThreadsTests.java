package io.agentruntime.reply;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.web.context.request.async.DeferredResult;

import static org.assertj.core.api.Assertions.assertThat;

/** The reply's own thread: its log context, its result and its failure. */
class ReplyThreadsTests {

	private final ReplyThreads threads = new ReplyThreads(new MockEnvironment(),
			new ReplyProperties(Duration.ofSeconds(20), 2000));

	@AfterEach
	void clearLogContext() {
		MDC.clear();
	}

	@Test
	void runsTheReplyOffTheServletThreadWithTheRequestsLogContext() throws Exception {
		MDC.put("requestId", "req-42");
		AtomicReference<String> seen = new AtomicReference<>();
		AtomicReference<Thread> ranOn = new AtomicReference<>();

		DeferredResult<String> result = this.threads.run(() -> {
			seen.set(MDC.get("requestId"));
			ranOn.set(Thread.currentThread());
			return "answer";
		});

		assertThat(await(result)).isEqualTo("answer");
		assertThat(seen.get()).isEqualTo("req-42");
		assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
	}

	@Test
	void handsSpringMvcTheReplysOwnFailureForTheProblemAdvice() throws Exception {
		IllegalStateException failure = new IllegalStateException("no active config");

		DeferredResult<String> result = this.threads.run(() -> {
			throw failure;
		});

		assertThat(await(result)).isSameAs(failure);
	}

	private static Object await(DeferredResult<?> result) throws InterruptedException {
		CountDownLatch done = new CountDownLatch(1);
		result.setResultHandler(value -> done.countDown());
		assertThat(done.await(5, TimeUnit.SECONDS)).as("the reply thread finished").isTrue();
		return result.getResult();
	}

}
