package io.agentruntime.support;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
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
	 * Puts {@link StatementLog} between the pool and the driver, so a test can count a
	 * request's round trips; the pool stays the application's Hikari pool.
	 */
	@Bean
	static BeanPostProcessor statementLogBetweenPoolAndDriver() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof HikariDataSource pool && pool.getDataSource() == null
						&& pool.getJdbcUrl() != null) {
					pool.setDataSource(
							StatementLog.wrap(new DriverDataSource(pool.getJdbcUrl(), pool.getDriverClassName(),
									pool.getDataSourceProperties(), pool.getUsername(), pool.getPassword())));
				}
				return bean;
			}

		};
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
