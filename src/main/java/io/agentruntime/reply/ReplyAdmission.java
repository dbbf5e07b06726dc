package io.agentruntime.reply;

import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Admission control for {@code POST /api/agent/reply}: at most {@code agent.reply.max-in-flight}
 * replies at once on this instance; one more is answered 503 with {@code Retry-After} straight away.
 *
 * <p>
 * Why: a reply waits seconds on the LLM, and with virtual threads every accepted request becomes a
 * thread, so when arrivals outpace the upstreams nothing else bounds the replies in flight: the
 * heap fills until {@code OutOfMemoryError} and the instance stops answering at all (issue 8
 * benchmark, docs/notes/8.md). A fast 503 lets the load balancer or the caller go elsewhere
 * instead. The limit is a Resilience4j semaphore bulkhead named {@value #NAME} without waiting, so
 * its fill level is in the {@code resilience4j.bulkhead.*} metrics. It runs before the per-tenant
 * limits and before the body is read, so a rejection costs no database query.
 */
@Configuration(proxyBeanMethods = false)
class ReplyAdmission implements WebMvcConfigurer {

	/** The bulkhead instance name (metrics tag {@code name}). */
	static final String NAME = "reply";

	private final Bulkhead bulkhead;

	ReplyAdmission(BulkheadRegistry bulkheads, ReplyProperties properties) {
		this.bulkhead = bulkheads.bulkhead(NAME,
				BulkheadConfig.custom().maxConcurrentCalls(properties.maxInFlight()).maxWaitDuration(Duration.ZERO).build());
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new Interceptor(this.bulkhead))
			.addPathPatterns("/api/agent/reply")
			.order(Ordered.HIGHEST_PRECEDENCE);
	}

	/** Takes a permit before the reply and gives it back when the response is complete. */
	static final class Interceptor implements HandlerInterceptor {

		/** Marks a request that holds a permit, so that only those give one back. */
		private static final String PERMIT = ReplyAdmission.class.getName() + ".permit";

		private final Bulkhead bulkhead;

		Interceptor(Bulkhead bulkhead) {
			this.bulkhead = bulkhead;
		}

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			if (!"POST".equals(request.getMethod())) {
				return true;
			}
			if (!this.bulkhead.tryAcquirePermission()) {
				throw new ReplyOverloaded();
			}
			request.setAttribute(PERMIT, Boolean.TRUE);
			return true;
		}

		@Override
		public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
				Exception ex) {
			if (request.getAttribute(PERMIT) != null) {
				request.removeAttribute(PERMIT);
				this.bulkhead.onComplete();
			}
		}

	}

}
