package io.agentruntime.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.agentruntime.tenant.ApiKeys;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A throwaway PostgreSQL of a test's own, with a second application instance on it, for
 * outage tests: the test stops and restarts this database (same port, same data) while
 * the shared test database stays up.
 */
public final class OutageDatabase implements AutoCloseable {

	private final Path data;

	private final int port;

	private EmbeddedPostgres postgres;

	private OutageDatabase(Path data, EmbeddedPostgres postgres) {
		this.data = data;
		this.postgres = postgres;
		this.port = postgres.getPort();
	}

	/**
	 * Starts PostgreSQL on a free port with its data under the given directory.
	 * @param directory a directory of the test's own, e.g. a {@code @TempDir}
	 * @return the running database
	 * @throws Exception when PostgreSQL does not start
	 */
	public static OutageDatabase start(Path directory) throws Exception {
		Path data = Files.createDirectories(directory.resolve("pg"));
		return new OutageDatabase(data, postgres(data, 0));
	}

	/**
	 * Starts an application instance on this database that checks it every 200 ms.
	 * @return the running instance; close it before this database
	 */
	public AppInstance startInstance() {
		return AppInstance.start(this.postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres",
				Map.of("agent.health.database-interval", "200ms"));
	}

	/**
	 * Creates a tenant with an {@code agent:reply} key (the instance has migrated the
	 * schema).
	 * @param name the dealership's name
	 * @return the key, registered for the log scan
	 */
	public String tenantWithKey(String name) {
		JdbcClient jdbc = jdbc();
		UUID clientId = UUID.randomUUID();
		jdbc.sql("insert into clients (id, name) values (?, ?)").params(clientId, name).update();
		String key = ApiKeys.generate();
		jdbc.sql(
				"insert into api_keys (id, client_id, name, key_hash, key_prefix, scopes) values (?, ?, 'test', ?, ?, cast(? as jsonb))")
			.params(UUID.randomUUID(), clientId, ApiKeys.hash(key), ApiKeys.displayPrefix(key), "[\"agent:reply\"]")
			.update();
		return Sentinels.register(key);
	}

	/** Direct access to this database, e.g. to count rows after a restart. */
	public JdbcClient jdbc() {
		return JdbcClient.create(this.postgres.getPostgresDatabase());
	}

	/** The outage: PostgreSQL stops. */
	public void stop() throws IOException {
		this.postgres.close();
	}

	/** The recovery: PostgreSQL starts again on the same port with the same data. */
	public void restart() throws Exception {
		this.postgres = postgres(this.data, this.port);
	}

	@Override
	public void close() throws IOException {
		this.postgres.close();
	}

	private static EmbeddedPostgres postgres(Path data, int port) throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setPGStartupWait(Duration.ofSeconds(30));
		if (port > 0) {
			builder.setPort(port);
		}
		return builder.start();
	}

}
