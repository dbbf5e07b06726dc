package io.agentruntime.support;

import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Points the application at {@link TestDatabase}, the way {@code @ServiceConnection}
 * would.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConfiguration {

	@Bean
	JdbcConnectionDetails testDatabaseConnection() {
		TestDatabase database = TestDatabase.get();
		return connection(database, database.jdbcUrl());
	}

	/**
	 * The test database server's credentials with a JDBC URL, e.g. of another database on
	 * the same server.
	 */
	public static JdbcConnectionDetails connection(TestDatabase database, String jdbcUrl) {
		return new JdbcConnectionDetails() {

			@Override
			public String getUsername() {
				return database.username();
			}

			@Override
			public String getPassword() {
				return database.password();
			}

			@Override
			public String getJdbcUrl() {
				return jdbcUrl;
			}

		};
	}

}
