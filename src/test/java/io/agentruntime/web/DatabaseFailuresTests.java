package io.agentruntime.web;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.hibernate.TransactionException;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

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
	void aRollbackThatFailsOnTheConnectionThePoolClosedIsAnOutage() {
		// What Spring throws when the audit insert met a stopped database: the rollback's
		// failure overrides the I/O error.
		RuntimeException rollback = new JpaSystemException(new TransactionException(
				"Unable to rollback against JDBC Connection", new SQLException("Connection is closed")));

		assertThat(DatabaseFailures.unreachable(rollback)).isTrue();
		assertThat(DatabaseFailures.answer(rollback).problem().getType().toString()).endsWith("/service-unavailable");
		assertThat(DatabaseFailures.unreachable(new JpaSystemException(new TransactionException("Unable to commit"))))
			.as("a failure that names no closed connection is not an outage")
			.isFalse();
	}

}
