package io.agentruntime.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * One real PostgreSQL per JVM: Testcontainers {@code postgres:17-alpine} where Docker is
 * available, embedded PostgreSQL binaries otherwise ({@code -Dtest.db=docker|embedded}
 * forces one). Never H2.
 */
public final class TestDatabase {

	private static TestDatabase instance;

	private final String jdbcUrl;

	private final String username;

	private final String password;

	private final EmbeddedPostgres embedded;

	private TestDatabase(String jdbcUrl, String username, String password, EmbeddedPostgres embedded) {
		this.jdbcUrl = jdbcUrl;
		this.username = username;
		this.password = password;
		this.embedded = embedded;
	}

	/** The database of this JVM, started on first use. */
	public static synchronized TestDatabase get() {
		if (instance == null) {
			instance = start();
		}
		return instance;
	}

	private static TestDatabase start() {
		String mode = System.getProperty("test.db", "auto");
		if ("docker".equals(mode) || ("auto".equals(mode) && dockerAvailable())) {
			PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17-alpine");
			container.start();
			return new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword(), null);
		}
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(30)).start();
			return new TestDatabase(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", postgres);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean dockerAvailable() {
		// Without a socket or DOCKER_HOST there is nothing to find; skip Testcontainers'
		// noisy probe.
		if (System.getenv("DOCKER_HOST") == null
				&& !java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))) {
			return false;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	public String jdbcUrl() {
		return this.jdbcUrl;
	}

	public String username() {
		return this.username;
	}

	public String password() {
		return this.password;
	}

	/**
	 * The embedded server, or {@code null} under Testcontainers; outage tests stop and
	 * start it.
	 */
	public EmbeddedPostgres embedded() {
		return this.embedded;
	}

}
