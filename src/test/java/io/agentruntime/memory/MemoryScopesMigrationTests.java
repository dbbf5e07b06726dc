package io.agentruntime.memory;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.agentruntime.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V5 brings memory written before scopes existed in line with DESIGN §5: run on a schema
 * of its own, migrated to V4, filled the way the old code wrote, then migrated to V5.
 */
class MemoryScopesMigrationTests {

	private static final UUID CLIENT = UUID.fromString("5c0e4a1b-8d2f-4e6a-9b3c-7d1e2f3a4b5c");

	private static final String CLIENT_TAG = "client:" + CLIENT;

	private static final String LEAD_KEY = MemoryTags.leadKey("old.lead@example.com", null);

	private final String schema = "v5_" + UUID.randomUUID().toString().replace("-", "");

	private DriverManagerDataSource dataSource;

	private JdbcClient jdbc;

	@BeforeEach
	void migrateToTheVersionBeforeScopes() {
		TestDatabase database = TestDatabase.get();
		String url = database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema="
				+ this.schema;
		this.dataSource = new DriverManagerDataSource(url, database.username(), database.password());
		flyway("4").migrate();
		this.jdbc = JdbcClient.create(this.dataSource);
		this.jdbc.sql("insert into clients (id, name) values (?, 'Old Motors')").param(CLIENT).update();
	}

	@AfterEach
	void dropSchema() {
		this.jdbc.sql("drop schema " + this.schema + " cascade").update();
	}

	@Test
	void dropsOldExchangesOfTheDealershipScopeAndStatesTheScopeOfTheRest() {
		document("ex_anonymous", List.of(CLIENT_TAG), Map.of("clientId", CLIENT.toString(), "kind", "exchange"));
		document("ex_lead", List.of(CLIENT_TAG, "lead:" + LEAD_KEY),
				Map.of("clientId", CLIENT.toString(), "kind", "exchange", "leadKey", LEAD_KEY));
		document("in_staff", List.of(CLIENT_TAG), Map.of("clientId", CLIENT.toString(), "kind", "ingest"));
		document("in_lead", List.of(CLIENT_TAG, "lead:" + LEAD_KEY),
				Map.of("clientId", CLIENT.toString(), "kind", "ingest", "leadKey", LEAD_KEY));
		document("in_mismatch", List.of(CLIENT_TAG, "lead:" + LEAD_KEY),
				Map.of("clientId", CLIENT.toString(), "kind", "ingest", "leadKey", "another"));

		flyway("5").migrate();

		assertThat(scopes("select custom_id, metadata ->> 'scope' from memory_documents")).containsOnly(
				Map.entry("ex_lead", "lead"), Map.entry("in_staff", "dealership"), Map.entry("in_lead", "lead"));
	}

	@Test
	void dropsOrRescopesUndeliveredOutboxRowsTheSameWay() {
		row("ex_anonymous", null, List.of(CLIENT_TAG), Map.of("kind", "exchange", "conversationId", "c1"), "pending");
		row("ex_no_email", "lead-p", List.of(CLIENT_TAG), Map.of("kind", "exchange"), "dead");
		row("in_no_email", "lead-p", List.of(CLIENT_TAG), Map.of("kind", "ingest"), "pending");
		row("ex_lead", "lead-x", List.of(CLIENT_TAG, "lead:" + LEAD_KEY),
				Map.of("kind", "exchange", "leadKey", LEAD_KEY), "pending");
		row("in_staff", null, List.of(CLIENT_TAG), Map.of("kind", "ingest"), "pending");
		row("in_erased", "lead-z", List.of(CLIENT_TAG), Map.of(), "erased");

		flyway("5").migrate();

		assertThat(scopes("select custom_id, coalesce(metadata ->> 'scope', status) from memory_outbox")).containsOnly(
				Map.entry("ex_lead", "lead"), Map.entry("in_staff", "dealership"), Map.entry("in_erased", "erased"));
	}

	private Flyway flyway(String target) {
		return Flyway.configure()
			.dataSource(this.dataSource)
			.schemas(this.schema)
			.locations("classpath:db/migration")
			.target(target)
			.load();
	}

	private void document(String customId, List<String> tags, Map<String, Object> metadata) {
		this.jdbc
			.sql("insert into memory_documents (id, custom_id, content, tags, metadata) "
					+ "values (?, ?, 'text', cast(? as text[]), cast(? as jsonb))")
			.params("doc_" + customId, customId, tags.stream().sorted().toArray(String[]::new), json(metadata))
			.update();
	}

	private void row(String customId, String leadId, List<String> tags, Map<String, Object> metadata, String status) {
		Map<String, Object> withClient = new java.util.HashMap<>(metadata);
		if (!"erased".equals(status)) {
			withClient.put("clientId", CLIENT.toString());
		}
		this.jdbc
			.sql("insert into memory_outbox (id, client_id, lead_id, custom_id, content, tags, metadata, status) "
					+ "values (?, ?, ?, ?, 'text', cast(? as jsonb), cast(? as jsonb), ?)")
			.params(UUID.randomUUID(), CLIENT, leadId, customId, json(tags), json(withClient), status)
			.update();
	}

	private Map<String, String> scopes(String sql) {
		return this.jdbc.sql(sql)
			.query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2)))
			.list()
			.stream()
			.collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private static String json(Object value) {
		try {
			return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
		}
		catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
