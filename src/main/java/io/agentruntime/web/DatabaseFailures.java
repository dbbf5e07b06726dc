package io.agentruntime.web;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a database outage apart from other data-access errors, so that both the
 * controller advice and the filter in front of Spring Security answer an outage with the
 * same quick 503 (DESIGN §3).
 */
public final class DatabaseFailures {

	private DatabaseFailures() {
	}

	/**
	 * Whether the failure, or any of its causes, means the database cannot be reached.
	 * Besides Spring's own types this recognises a pooled connection the server dropped
	 * mid-statement, which JPA reports as a generic {@code JpaSystemException}: SQLSTATE
	 * class 08 (connection exception) or 57P0x (operator intervention: shutdown, crash,
	 * cannot connect now).
	 */
	public static boolean unreachable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof CannotGetJdbcConnectionException || cause instanceof CannotCreateTransactionException
					|| cause instanceof DataAccessResourceFailureException || cause instanceof ConnectException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
				return true;
			}
			// A statement failed because the server went away, the pool closed the broken
			// connection, and the rollback then fails on it: Spring reports the
			// rollback's
			// failure (Hikari's "Connection is closed", no SQLSTATE) instead of the I/O
			// error (issue 15: limits served from memory made the audit insert the first
			// statement to meet an outage).
			if (cause instanceof SQLException sql && sql.getSQLState() == null
					&& "Connection is closed".equals(sql.getMessage())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether PostgreSQL refused text of the request that it cannot store: a NUL
	 * character in a text column (SQLSTATE 22021) or a {@code \u0000} escape in jsonb
	 * (22P05). The statement failed, so its transaction rolled back and nothing was
	 * written. Found by the fuzz campaign (issue 9).
	 */
	public static boolean unstorableText(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof SQLException sql
					&& ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the failure is the connection pool running out under load rather than an
	 * outage: Hikari's timeout carries the last connection failure as its cause and
	 * SQLSTATE when the database cannot be reached, and neither when every connection was
	 * simply in use (benchmark at twice the sustainable rate, issue 8).
	 */
	static boolean poolExhausted(Throwable failure) {
		boolean timedOut = false;
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof ConnectException) {
				return false;
			}
			if (cause instanceof SQLException sql) {
				if (sql.getSQLState() != null) {
					return false;
				}
				timedOut |= sql instanceof SQLTransientConnectionException && sql.getCause() == null;
			}
		}
		return timedOut;
	}

	/**
	 * The answer to a failure {@link #unreachable} recognised: an outage, or a pool busy
	 * under load, each with its problem and {@code Retry-After}.
	 */
	public static Answer answer(Throwable failure) {
		if (poolExhausted(failure)) {
			return new Answer("pool exhausted", "1", Problems.overloaded(
					"Too many requests are waiting for the database on this instance. Retry after the indicated time."));
		}
		return new Answer("unavailable", "5", Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
				"Service unavailable", "The service cannot reach its database. Try again shortly."));
	}

	/**
	 * How to answer a database failure.
	 *
	 * @param reason for the log: {@code unavailable} or {@code pool exhausted}
	 * @param retryAfterSeconds the {@code Retry-After} value (a busy pool frees up
	 * quickly, an outage takes longer)
	 * @param problem the 503 body
	 */
	public record Answer(String reason, String retryAfterSeconds, ProblemDetail problem) {
	}

}
