package io.agentruntime.reply;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.web.FilterOrder;
import io.agentruntime.web.Problems;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Admission control for {@code POST /api/agent/reply}: at most
 * {@code agent.reply.max-in-flight} replies at once on this instance; one more is
 * answered 503 with {@code Retry-After} straight away.
 *
 * <p>
 * Why: a reply waits seconds on the LLM, and with virtual threads every accepted request
 * becomes a thread, so when arrivals outpace the upstreams nothing else bounds the
 * replies in flight: the heap fills until {@code OutOfMemoryError} and the instance stops
 * answering at all (issue 8 benchmark, docs/notes/8.md). A fast 503 lets the load
 * balancer or the caller go elsewhere instead. The limit is a Resilience4j semaphore
 * bulkhead named {@value #NAME} without waiting, so its fill level is in the
 * {@code resilience4j.bulkhead.*} metrics.
 *
 * <p>
 * It is a servlet filter ahead of Spring Security, not an MVC interceptor: API-key
 * authentication reads the database, and in the benchmark at twice the sustainable rate
 * the requests queued for a connection inside the security chain, never counted by an
 * interceptor behind it, filled the heap all the same. Here a rejection costs no database
 * query, no body read and no audit row.
 */
@Component
@Order(FilterOrder.REPLY_ADMISSION)
class ReplyAdmission extends OncePerRequestFilter {

	/** The bulkhead instance name (metrics tag {@code name}). */
	static final String NAME = "reply";

	private static final String PATH = "/api/agent/reply";

	/**
	 * Replies take about the LLM's latency (around a second): by then permits have come
	 * free.
	 */
	private static final String RETRY_AFTER_SECONDS = "1";

	private final Bulkhead bulkhead;

	private final ObjectMapper mapper;

	ReplyAdmission(BulkheadRegistry bulkheads, ReplyProperties properties, ObjectMapper mapper) {
		this.bulkhead = bulkheads.bulkhead(NAME,
				BulkheadConfig.custom()
					.maxConcurrentCalls(properties.maxInFlight())
					.maxWaitDuration(Duration.ZERO)
					.build());
		this.mapper = mapper;
	}

	/** Replies admitted on this instance and not finished yet. */
	int inFlight() {
		return this.bulkhead.getBulkheadConfig().getMaxConcurrentCalls()
				- this.bulkhead.getMetrics().getAvailableConcurrentCalls();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		// Decoded as MVC decodes it when it picks the handler: "/api/agent/%72eply" must
		// not slip past the limit.
		return !("POST".equals(request.getMethod())
				&& PATH.equals(UrlPathHelper.defaultInstance.getPathWithinApplication(request)));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.bulkhead.tryAcquirePermission()) {
			response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			Problems.write(response, this.mapper, Problems
				.overloaded("Too many replies are in progress on this instance. Retry after the indicated time."));
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (request.isAsyncStarted()) {
				// The reply goes on on its own thread (ReplyThreads): the permit is held
				// until its answer is written, the client gives up or the container times
				// it out, all of which complete the request.
				request.getAsyncContext().addListener(new ReleaseOnComplete(this.bulkhead));
			}
			else {
				this.bulkhead.onComplete();
			}
		}
	}

	/** Gives the permit back once, when the async request ends however it ends. */
	private static final class ReleaseOnComplete implements AsyncListener {

		private final Bulkhead bulkhead;

		private final AtomicBoolean released = new AtomicBoolean();

		ReleaseOnComplete(Bulkhead bulkhead) {
			this.bulkhead = bulkhead;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			if (this.released.compareAndSet(false, true)) {
				this.bulkhead.onComplete();
			}
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// A new async cycle on the same request (an error dispatch going async
			// again) replaces this listener's registration; keep listening.
			event.getAsyncContext().addListener(this);
		}

	}

}
