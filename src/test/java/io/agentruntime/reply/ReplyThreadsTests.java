package io.agentruntime.reply;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.web.context.request.async.DeferredResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a reply runs: inline while few replies are in flight, on its own thread (with the
 * request's log context) once many are; its result and its failure.
 */
class ReplyThreadsTests {

	private final AtomicInteger inFlight = new AtomicInteger(1);

	private final ReplyThreads threads = new ReplyThreads(new ReplyProperties(Duration.ofSeconds(20), 2000),
			this.inFlight::get, ReplyThreads.INLINE_CAP, false);

	@AfterEach
	void clearLogContext() {
		MDC.clear();
	}

	@Test
	void answersOnTheServletThreadWhileFewRepliesAreInFlight() {
		this.inFlight.set(ReplyThreads.INLINE_CAP);
		AtomicReference<Thread> ranOn = new AtomicReference<>();

		Object answer = this.threads.serve(() -> {
			ranOn.set(Thread.currentThread());
			return "answer";
		});

		assertThat(answer).isEqualTo("answer");
		assertThat(ranOn.get()).isSameAs(Thread.currentThread());
	}

	@Test
	void answersFromAThreadOfItsOwnWithTheRequestsLogContextOnceManyAreInFlight() throws Exception {
		this.inFlight.set(ReplyThreads.INLINE_CAP + 1);
		MDC.put("requestId", "req-42");
		AtomicReference<String> seen = new AtomicReference<>();
		AtomicReference<Thread> ranOn = new AtomicReference<>();

		Object answer = this.threads.serve(() -> {
			seen.set(MDC.get("requestId"));
			ranOn.set(Thread.currentThread());
			return "answer";
		});

		assertThat(answer).isInstanceOf(DeferredResult.class);
		assertThat(await((DeferredResult<?>) answer)).isEqualTo("answer");
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

	@Test
	void keepsMostOfTheAdmissionLimitAndOfThePlatformServletThreadsForLeanReplies() {
		assertThat(ReplyThreads.inlineLimit(true, 2000, 200)).as("virtual servlet threads are not scarce")
			.isEqualTo(ReplyThreads.INLINE_CAP);
		assertThat(ReplyThreads.inlineLimit(false, 2000, 200)).as("half of 200 platform servlet threads")
			.isEqualTo(100);
		assertThat(ReplyThreads.inlineLimit(true, 4, 200)).as("half of max-in-flight").isEqualTo(2);
		assertThat(ReplyThreads.inlineLimit(false, 4, 200)).isEqualTo(2);
	}

	private static Object await(DeferredResult<?> result) throws InterruptedException {
		CountDownLatch done = new CountDownLatch(1);
		result.setResultHandler(value -> done.countDown());
		assertThat(done.await(5, TimeUnit.SECONDS)).as("the reply thread finished").isTrue();
		return result.getResult();
	}

}
