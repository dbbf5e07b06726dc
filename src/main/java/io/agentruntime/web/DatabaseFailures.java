package io.agentruntime.web;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a database outage apart from other data-access errors, so that both the
 * controller advice and the filter in front of Spring Security answer an outage with the
 * same quick 503 (DESIGN §3).
 */
public final class DatabaseFailures {

	private DatabaseFailures() {
	}

	/**
	 * The message of the {@link SQLException} a Hikari connection throws once the pool
	 * has closed it: after a connection error (SQLSTATE 08, 57P01 …) Hikari evicts the
	 * connection at once, so the rollback that follows fails with this exception, without
	 * SQLSTATE or cause, and Spring reports it instead of the original error (issue 14).
	 */
	static final String HIKARI_CLOSED_CONNECTION = "Connection is closed";

	/**
	 * Whether the failure, or anything it carries, means the database cannot be reached
	 * or the connection was lost. Besides Spring's own types this recognises a pooled
	 * connection the server dropped mid-statement, which JPA reports as a generic
	 * {@code JpaSystemException}: SQLSTATE class 08 (connection exception) or 57P0x
	 * (operator intervention: {@code pg_terminate_backend}, shutdown, crash, cannot
	 * connect now); JDBC's connection exception types; and a connection lost
	 * mid-transaction, whose rollback fails on the closed connection (issue 14). Looks at
	 * causes, suppressed exceptions, the application exception a failed rollback hides
	 * ({@link TransactionSystemException}) and chained {@link SQLException}s.
	 */
	public static boolean unreachable(Throwable failure) {
		return anyRelated(failure, DatabaseFailures::connectionLost);
	}

	private static boolean connectionLost(Throwable failure) {
		if (failure instanceof CannotGetJdbcConnectionException || failure instanceof CannotCreateTransactionException
				|| failure instanceof DataAccessResourceFailureException || failure instanceof ConnectException
				|| failure instanceof SQLTransientConnectionException
				|| failure instanceof SQLNonTransientConnectionException
				|| failure instanceof SQLRecoverableException) {
			return true;
		}
		if (failure instanceof SQLException sql) {
			String state = sql.getSQLState();
			return (state != null) ? state.startsWith("08") || state.startsWith("57P0")
					: HIKARI_CLOSED_CONNECTION.equals(sql.getMessage());
		}
		return false;
	}

	/**
	 * Whether the failure or anything it carries matches: causes, suppressed exceptions,
	 * a transaction's hidden application exception and chained SQL exceptions.
	 */
	private static boolean anyRelated(Throwable failure, Predicate<Throwable> test) {
		Deque<Throwable> pending = new ArrayDeque<>();
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		pending.add(failure);
		while (!pending.isEmpty() && seen.size() < 100) {
			Throwable next = pending.poll();
			if (!seen.add(next)) {
				continue;
			}
			if (test.test(next)) {
				return true;
			}
			addIfPresent(pending, next.getCause());
			for (Throwable suppressed : next.getSuppressed()) {
				addIfPresent(pending, suppressed);
			}
			if (next instanceof TransactionSystemException transaction) {
				addIfPresent(pending, transaction.getApplicationException());
			}
			if (next instanceof SQLException sql) {
				addIfPresent(pending, sql.getNextException());
			}
		}
		return false;
	}

	private static void addIfPresent(Deque<Throwable> pending, Throwable failure) {
		if (failure != null) {
			pending.add(failure);
		}
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
