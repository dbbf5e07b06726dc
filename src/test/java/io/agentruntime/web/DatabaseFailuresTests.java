package io.agentruntime.web;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.hibernate.TransactionException;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/** Outage or busy pool: the same quick 503, with the reason and wait that fit. */
class DatabaseFailuresTests {

	private static final String HIKARI_TIMEOUT = "HikariPool-1 - Connection is not available, request timed out after 2000ms";

	@Test
	void tellsAnExhaustedPoolFromAnOutage() {
		RuntimeException busy = new CannotCreateTransactionException("Could not open JPA EntityManager",
				new SQLTransientConnectionException(HIKARI_TIMEOUT));
		RuntimeException down = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
				new SQLTransientConnectionException(HIKARI_TIMEOUT, "08001",
						new SQLException("Connection to localhost:5432 refused", "08001", new ConnectException())));

		assertThat(DatabaseFailures.unreachable(busy)).isTrue();
		assertThat(DatabaseFailures.unreachable(down)).isTrue();
		assertThat(DatabaseFailures.poolExhausted(busy)).isTrue();
		assertThat(DatabaseFailures.poolExhausted(down)).isFalse();
		assertThat(DatabaseFailures.answer(busy).problem().getType().toString()).endsWith("/overloaded");
		assertThat(DatabaseFailures.answer(down).problem().getType().toString()).endsWith("/service-unavailable");
		assertThat(DatabaseFailures.answer(busy).retryAfterSeconds()).isEqualTo("1");
		assertThat(DatabaseFailures.answer(down).retryAfterSeconds()).isEqualTo("5");
	}

	@Test
	void recognisesAConnectionLostMidTransactionBehindTheFailedRollback() {
		// What JPA throws when pg_terminate_backend kills the connection of an open
		// transaction: the rollback fails on the connection Hikari already closed.
		RuntimeException rollbackFailed = new JpaSystemException(new TransactionException(
				"Unable to rollback against JDBC Connection", new SQLException("Connection is closed")));

		assertThat(DatabaseFailures.unreachable(rollbackFailed)).isTrue();
		assertThat(DatabaseFailures.answer(rollbackFailed).problem().getType().toString())
			.endsWith("/service-unavailable");
	}

	@Test
	void recognisesAConnectionErrorHiddenBehindARollbackOrSuppressed() {
		TransactionSystemException hidden = new TransactionSystemException("Could not roll back JPA transaction",
				new IllegalStateException("rollback failed"));
		hidden.initApplicationException(
				new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
		RuntimeException suppressed = new IllegalStateException("statement failed");
		suppressed.addSuppressed(new SQLException("An I/O error occurred while sending to the backend", "08006"));
		SQLException chained = new SQLException("Batch entry 0 was aborted", "22000");
		chained.setNextException(new SQLException("This connection has been closed.", "08003"));

		assertThat(DatabaseFailures.unreachable(hidden)).isTrue();
		assertThat(DatabaseFailures.unreachable(suppressed)).isTrue();
		assertThat(DatabaseFailures.unreachable(new JpaSystemException(new IllegalStateException(chained)))).isTrue();
	}

	@Test
	void leavesOtherDataErrorsAlone() {
		assertThat(DatabaseFailures.unreachable(new DataIntegrityViolationException("duplicate key",
				new SQLException("duplicate key value violates unique constraint", "23505"))))
			.isFalse();
		assertThat(DatabaseFailures.unreachable(new SQLException("Some other failure"))).isFalse();
		assertThat(DatabaseFailures.unreachable(new IllegalStateException("bug"))).isFalse();
	}

}
