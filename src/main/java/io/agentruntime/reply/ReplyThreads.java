package io.agentruntime.reply;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.thread.Threading;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Where a reply does its work: on its servlet thread while few replies are in flight, on
 * a thread of its own (Servlet async) once many are.
 *
 * <p>
 * Why a thread of its own: a reply waits about a second for the LLM (ten with a slow
 * model), and the thread that waits keeps its stack. The servlet thread's stack under
 * Tomcat, the Spring Security chain and Spring MVC is about 180 frames, 40–55 KiB of heap
 * per waiting reply (virtual thread stack chunks, heap histograms of the issue 15
 * in-flight check); the reply's own thread waits about 55 frames deep, so with 2,000
 * replies in flight the heap stays inside 512 MiB.
 *
 * <p>
 * Why not always: the async answer is written by a second dispatch, which runs the filter
 * chain, Spring Security and the {@code DispatcherServlet} once more per reply (app CPU
 * on the many-tenant mix at 200 replies/s: 94 % of a core with it on every reply, 87 %
 * inline, docs/notes/15-s10.md). So a reply stays on its servlet thread while at most
 * {@link #inlineLimit} replies are in flight, which costs at most that many times the ~25
 * KiB difference (13 MiB at 512), and goes async beyond. The limit is the smallest of
 * 512, half of {@code agent.reply.max-in-flight} (the heap at the admission limit stays
 * dominated by lean replies) and, on platform threads, half of Tomcat's worker threads (a
 * waiting reply holds one; the rest serve other requests).
 *
 * <p>
 * One thread per async reply, virtual when virtual threads are on (JDK 21+), a platform
 * thread otherwise; the number of replies in flight is bounded by
 * {@code agent.reply.max-in-flight} ({@link ReplyAdmission}), so the executor needs no
 * bound of its own. The log context (request id) moves with the work.
 */
@Component
class ReplyThreads {

	/**
	 * Beyond the reply deadline, how long the servlet container keeps the request open
	 * before it answers 503 itself; the deadline ends every reply before that.
	 */
	private static final Duration CONTAINER_MARGIN = Duration.ofSeconds(10);

	/** The most replies that wait on their servlet thread, whatever the other bounds. */
	static final int INLINE_CAP = 512;

	private final SimpleAsyncTaskExecutor executor;

	private final long timeoutMillis;

	private final IntSupplier inFlight;

	private final int inlineLimit;

	@Autowired
	ReplyThreads(Environment environment, ReplyProperties properties, ReplyAdmission admission,
			ServerProperties server) {
		this(properties, admission::inFlight, inlineLimit(Threading.VIRTUAL.isActive(environment),
				properties.maxInFlight(), server.getTomcat().getThreads().getMax()),
				Threading.VIRTUAL.isActive(environment));
	}

	ReplyThreads(ReplyProperties properties, IntSupplier inFlight, int inlineLimit, boolean virtualThreads) {
		this.executor = new SimpleAsyncTaskExecutor("reply-");
		this.executor.setVirtualThreads(virtualThreads);
		this.timeoutMillis = properties.deadline().plus(CONTAINER_MARGIN).toMillis();
		this.inFlight = inFlight;
		this.inlineLimit = inlineLimit;
	}

	/**
	 * Up to how many replies in flight a reply stays on its servlet thread.
	 * @param virtualThreads whether servlet threads are virtual
	 * @param maxInFlight {@code agent.reply.max-in-flight}
	 * @param servletThreads Tomcat's worker threads, when they are platform threads
	 */
	static int inlineLimit(boolean virtualThreads, int maxInFlight, int servletThreads) {
		int limit = Math.min(INLINE_CAP, maxInFlight / 2);
		return virtualThreads ? limit : Math.min(limit, servletThreads / 2);
	}

	/**
	 * The reply's answer for Spring MVC to write: {@code work}'s result, computed on this
	 * thread while few replies are in flight, else a {@link DeferredResult} completed by
	 * {@code work} on a reply thread.
	 */
	Object serve(Supplier<?> work) {
		// The count includes this reply: its permit was taken on the way in.
		return (this.inFlight.getAsInt() <= this.inlineLimit) ? work.get() : run(work);
	}

	/** The result of {@code work}, run on a reply thread, as Spring MVC async output. */
	<T> DeferredResult<T> run(Supplier<T> work) {
		DeferredResult<T> result = new DeferredResult<>(this.timeoutMillis);
		start(work).whenComplete((value, failure) -> {
			if (failure == null) {
				result.setResult(value);
			}
			else {
				result.setErrorResult(unwrapped(failure));
			}
		});
		return result;
	}

	/**
	 * {@code work} started on a reply thread of its own, with this thread's log context:
	 * a reply's part that runs beside another ({@link AgentRuntimeService}).
	 */
	<T> CompletableFuture<T> start(Supplier<T> work) {
		Map<String, String> logContext = MDC.getCopyOfContextMap();
		return CompletableFuture.supplyAsync(() -> withLogContext(logContext, work), this.executor);
	}

	/**
	 * The result of work {@link #start started} beside this thread's, or the work's own
	 * exception (a 503 stays a 503).
	 */
	static <T> T join(CompletableFuture<T> work) {
		try {
			return work.join();
		}
		catch (CompletionException ex) {
			Throwable failure = unwrapped(ex);
			if (failure instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (failure instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	private static Throwable unwrapped(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
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
