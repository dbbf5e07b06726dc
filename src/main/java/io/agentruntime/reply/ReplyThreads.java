package io.agentruntime.reply;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Where a reply does its work: on a thread of its own, while the request's servlet thread
 * returns at once (Servlet async) and the reply's answer is written when it is ready.
 *
 * <p>
 * Why: a reply waits about a second for the LLM (ten with a slow model), and the thread
 * that waits keeps its stack. The servlet thread's stack under Tomcat, the Spring
 * Security chain and Spring MVC is about 180 frames, 40–55 KiB of heap per waiting reply
 * (virtual thread stack chunks, heap histograms of the issue 15 in-flight check); the
 * reply's own thread waits about 55 frames deep. One thread per reply, virtual when
 * virtual threads are on (JDK 21+), a platform thread otherwise; the number of replies in
 * flight is bounded by {@code agent.reply.max-in-flight} ({@link ReplyAdmission}), so the
 * executor needs no bound of its own. The log context (request id) moves with the work.
 */
@Component
class ReplyThreads {

	/**
	 * Beyond the reply deadline, how long the servlet container keeps the request open
	 * before it answers 503 itself; the deadline ends every reply before that.
	 */
	private static final Duration CONTAINER_MARGIN = Duration.ofSeconds(10);

	private final SimpleAsyncTaskExecutor executor;

	private final long timeoutMillis;

	ReplyThreads(Environment environment, ReplyProperties properties) {
		this.executor = new SimpleAsyncTaskExecutor("reply-");
		this.executor.setVirtualThreads(Threading.VIRTUAL.isActive(environment));
		this.timeoutMillis = properties.deadline().plus(CONTAINER_MARGIN).toMillis();
	}

	/** The result of {@code work}, run on a reply thread, as Spring MVC async output. */
	<T> DeferredResult<T> run(Supplier<T> work) {
		DeferredResult<T> result = new DeferredResult<>(this.timeoutMillis);
		Map<String, String> logContext = MDC.getCopyOfContextMap();
		CompletableFuture.supplyAsync(() -> withLogContext(logContext, work), this.executor)
			.whenComplete((value, failure) -> {
				if (failure == null) {
					result.setResult(value);
				}
				else {
					result.setErrorResult((failure instanceof CompletionException && failure.getCause() != null)
							? failure.getCause() : failure);
				}
			});
		return result;
	}

	private static <T> T withLogContext(Map<String, String> logContext, Supplier<T> work) {
		if (logContext == null) {
			return work.get();
		}
		MDC.setContextMap(logContext);
		try {
			return work.get();
		}
		finally {
			MDC.clear();
		}
	}

}
