package io.agentruntime.web;

import org.springframework.core.Ordered;

/**
 * The one place that orders the service's servlet filters, outermost first. All of them
 * run ahead of Spring Security's filter chain (order -100), so their answers (413, 503)
 * cost no authentication and no database query; a filter's {@code @Order} names one of
 * these constants, never a number.
 */
public final class FilterOrder {

	/**
	 * Gives every response its {@code X-Request-Id}, so every answer below carries one.
	 */
	public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE;

	/** Rejects bodies over 64 KiB before anything reads them. */
	public static final int BODY_SIZE_LIMIT = REQUEST_ID + 1;

	/** Treats an unparsable {@code Accept} header as absent, for every error below. */
	public static final int INVALID_ACCEPT = BODY_SIZE_LIMIT + 1;

	/**
	 * Turns an unreachable database (also inside the security chain) into a 503 problem.
	 */
	public static final int DATABASE_UNAVAILABLE = INVALID_ACCEPT + 1;

	/** Bounds the replies in flight before authentication reads the database. */
	public static final int REPLY_ADMISSION = DATABASE_UNAVAILABLE + 1;

	private FilterOrder() {
	}

}
