package io.agentruntime.web;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every response an {@code X-Request-Id}: the caller's when it is a sane token, a
 * fresh UUID otherwise. The id goes to the MDC as {@code requestId} for the exchange log
 * line.
 */
@Component
@Order(FilterOrder.REQUEST_ID)
public class RequestIdFilter extends OncePerRequestFilter {

	public static final String HEADER = "X-Request-Id";

	public static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".id";

	private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String id = (isAsyncDispatch(request) && request.getAttribute(ATTRIBUTE) instanceof String earlier) ? earlier
				: newId(request, response);
		MDC.put("requestId", id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove("requestId");
		}
	}

	private static String newId(HttpServletRequest request, HttpServletResponse response) {
		String offered = request.getHeader(HEADER);
		String id = (offered != null && SANE.matcher(offered).matches()) ? offered : UUID.randomUUID().toString();
		request.setAttribute(ATTRIBUTE, id);
		response.setHeader(HEADER, id);
		return id;
	}

	/**
	 * Also when an async request's answer is written (the reply, ReplyThreads): what is
	 * logged then carries the request's id.
	 */
	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	/** The request id of the current request, as set by this filter. */
	public static String of(HttpServletRequest request) {
		Object id = request.getAttribute(ATTRIBUTE);
		return (id != null) ? id.toString() : null;
	}

}
