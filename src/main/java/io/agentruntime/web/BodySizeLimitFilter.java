package io.agentruntime.web;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rejects request bodies over 64 KiB with 413 (DESIGN §3). A declared Content-Length is
 * checked up front; a chunked body is counted while it is read and fails with
 * {@link PayloadTooLarge}.
 */
@Component
@Order(FilterOrder.BODY_SIZE_LIMIT)
class BodySizeLimitFilter extends OncePerRequestFilter {

	static final int MAX_BODY_BYTES = 64 * 1024;

	private final ObjectMapper mapper;

	BodySizeLimitFilter(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > MAX_BODY_BYTES) {
			Problems.write(response, this.mapper, PayloadTooLarge.problem());
			return;
		}
		chain.doFilter(new LimitedRequest(request), response);
	}

	/**
	 * Thrown while reading a body that grows past the limit; the advice maps it to 413.
	 */
	static final class PayloadTooLarge extends ApiProblem {

		PayloadTooLarge() {
			super(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large",
					"The request body is larger than 64 KiB.");
		}

		static org.springframework.http.ProblemDetail problem() {
			return Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large",
					"The request body is larger than 64 KiB.");
		}

	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedStream(super.getInputStream());
			}
			return this.stream;
		}

	}

	private static final class LimitedStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private long count;

		LimitedStream(ServletInputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) {
			this.count += n;
			if (this.count > MAX_BODY_BYTES) {
				throw new PayloadTooLarge();
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
