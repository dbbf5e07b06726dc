package io.agentruntime.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Treats an {@code Accept} header that is not a list of media types at all as absent.
 * Spring otherwise fails while choosing how to write even an error, and the caller got a
 * 405 or 415 with no body instead of a problem (found by the fuzz campaign, issue 9).
 */
@Component
@Order(FilterOrder.INVALID_ACCEPT)
class InvalidAcceptFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		if (accept != null && !parses(accept)) {
			chain.doFilter(new WithoutAccept(request), response);
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean parses(String accept) {
		try {
			MediaType.parseMediaTypes(accept);
			return true;
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/** The request as if it had sent no {@code Accept} header. */
	private static final class WithoutAccept extends HttpServletRequestWrapper {

		WithoutAccept(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getHeader(String name) {
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			return Collections.enumeration(Collections.list(super.getHeaderNames())
				.stream()
				.filter(header -> !HttpHeaders.ACCEPT.equalsIgnoreCase(header))
				.toList());
		}

	}

}
