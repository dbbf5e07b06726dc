package io.agentruntime.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.agentruntime.tenant.ApiKeys;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A throwaway PostgreSQL of a test's own, for a second application instance whose
 * database the test stops and starts again (outage tests); the shared test database is
 * never stopped.
 */
public final class OutageDatabase {

	private OutageDatabase() {
	}

	/**
	 * Starts PostgreSQL on a data directory that survives a stop, so a restart finds the
	 * same data.
	 * @param data the data directory
	 * @param port the port to listen on, or 0 for a free one (a restart passes the first
	 * port)
	 * @return the running database
	 * @throws Exception when PostgreSQL does not start
	 */
	public static EmbeddedPostgres start(Path data, int port) throws Exception {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setPGStartupWait(Duration.ofSeconds(30));
		if (port > 0) {
			builder.setPort(port);
		}
		return builder.start();
	}

	/**
	 * Creates a tenant with an {@code agent:reply} key in that database.
	 * @param postgres the database, migrated
	 * @param name the dealership's name
	 * @return the key, registered for the log scan
	 */
	public static String tenantWithKey(EmbeddedPostgres postgres, String name) {
		JdbcClient jdbc = JdbcClient.create(postgres.getPostgresDatabase());
		UUID clientId = UUID.randomUUID();
		jdbc.sql("insert into clients (id, name) values (?, ?)").params(clientId, name).update();
		String key = ApiKeys.generate();
		jdbc.sql(
				"insert into api_keys (id, client_id, name, key_hash, key_prefix, scopes) values (?, ?, 'test', ?, ?, cast(? as jsonb))")
			.params(UUID.randomUUID(), clientId, ApiKeys.hash(key), ApiKeys.displayPrefix(key), "[\"agent:reply\"]")
			.update();
		return Sentinels.register(key);
	}

}
