package io.agentruntime.ops;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.web.DatabaseFailures;
import io.agentruntime.web.FilterOrder;
import io.agentruntime.web.Problems;
import io.agentruntime.web.RoutePatterns;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A quick 503 problem when the database is unreachable before a controller runs (DESIGN
 * §3): API-key authentication reads the database inside the security filter chain, where
 * the controller advice cannot answer, and the failure would otherwise leave as a bare
 * 500.
 */
@Component
@Order(FilterOrder.DATABASE_UNAVAILABLE)
class DatabaseUnavailableFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableFilter.class);

	private final ObjectMapper mapper;

	private final RoutePatterns routes;

	DatabaseUnavailableFilter(ObjectMapper mapper, RoutePatterns routes) {
		this.mapper = mapper;
		this.routes = routes;
	}

	/**
	 * Also when an async request's answer is written (the reply, which does its work on a
	 * thread of its own): a failure raised there passes through here as well.
	 */
	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (RuntimeException | ServletException ex) {
			if (!DatabaseFailures.unreachable(ex) || response.isCommitted()) {
				throw ex;
			}
			DatabaseFailures.Answer answer = DatabaseFailures.answer(ex);
			log.warn("Database {} for {} {}", answer.reason(), request.getMethod(), this.routes.of(request));
			response.reset();
			response.setHeader(HttpHeaders.RETRY_AFTER, answer.retryAfterSeconds());
			Problems.write(response, this.mapper, answer.problem());
		}
	}

}
