package io.agentruntime.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.agentruntime.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A statement parsed once binds its named values as {@code JdbcClient} binds them, on
 * real PostgreSQL.
 */
class NamedSqlIntegrationTests extends IntegrationTest {

	private static final String SQL = "select cast(:id as uuid), cast(:name as text), cast(:count as integer),"
			+ " cast(:name as text) || '!', cast(:missing as text), ':notAParameter'";

	@Autowired
	JdbcTemplate template;

	@Autowired
	JdbcClient jdbc;

	@Test
	void bindsEachNamedValueWhereverItAppearsAsTheTemplateDoes() {
		Map<String, Object> params = new HashMap<>();
		params.put("id", UUID.fromString("6f0c4c1e-8a9b-4a57-9d1e-2b3c4d5e6f70"));
		params.put("name", "Riverside");
		params.put("count", 3);
		params.put("missing", null);
		params.put("unused", "ignored");
		NamedSql statement = NamedSql.of(SQL);

		List<Object> parsedOnce = this.template.query(statement.with(params), (rs, row) -> row(rs)).get(0);
		List<Object> byTheTemplate = this.jdbc.sql(SQL).params(params).query((rs, row) -> row(rs)).single();

		assertThat(parsedOnce).isEqualTo(byTheTemplate)
			.containsExactly(params.get("id"), "Riverside", 3, "Riverside!", null, ":notAParameter");
		assertThat(statement.sql()).doesNotContain(":id", ":name", ":count", ":missing").contains("':notAParameter'");
	}

	@Test
	void refusesAStatementWithoutAValueForOneOfItsParameters() {
		NamedSql statement = NamedSql.of(SQL);

		assertThatThrownBy(() -> statement.with(Map.of("id", UUID.randomUUID(), "name", "x", "count", 1)))
			.isInstanceOf(InvalidDataAccessApiUsageException.class)
			.hasMessageContaining("'missing'");
	}

	@Test
	void refusesACollectionValueWhichTheTemplateWouldExpandIntoSeveralPlaceholders() {
		NamedSql statement = NamedSql.of("select count(*) from clients where id in (:ids)");

		assertThatThrownBy(() -> statement.with(Map.of("ids", List.of(UUID.randomUUID()))))
			.isInstanceOf(InvalidDataAccessApiUsageException.class)
			.hasMessageContaining("'ids'");
	}

	private static List<Object> row(java.sql.ResultSet rs) throws java.sql.SQLException {
		return java.util.Arrays.asList(rs.getObject(1), rs.getString(2), rs.getObject(3), rs.getString(4),
				rs.getString(5), rs.getString(6));
	}

}
