package io.agentruntime.web;

import java.util.List;
import java.util.Map;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.PreparedStatementCreatorFactory;
import org.springframework.jdbc.core.SqlParameter;
import org.springframework.jdbc.core.namedparam.EmptySqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;

/**
 * A statement with named parameters ({@code :name}) parsed once, for the hot statements
 * of a reply. {@code JdbcClient} and {@code NamedParameterJdbcTemplate} parse from a
 * cache, but on every call they still substitute the {@code ?} placeholders into a new
 * copy of the text, build a parameter declaration and a wrapped value per parameter and a
 * statement-creator factory: with the reply's one write statement of 30-odd parameters,
 * that was 4 % of the bytes a reply allocates (issue 15 allocation profile,
 * docs/notes/15-alloc.md). Here all of that is done once; a call only puts the values in
 * order. Also the driver's statement cache then sees the same text instance every time.
 * <p>
 * Values are bound exactly as the template binds a {@code Map} of them (each parameter of
 * unknown SQL type); collection values, which the template would expand into a list of
 * placeholders, are refused.
 */
public final class NamedSql {

	private final String[] names;

	private final String sql;

	private final PreparedStatementCreatorFactory factory;

	private NamedSql(String sql) {
		ParsedSql parsed = NamedParameterUtils.parseSqlStatement(sql);
		EmptySqlParameterSource noValues = EmptySqlParameterSource.INSTANCE;
		// One declaration per placeholder, in order, named (as the template declares
		// them).
		List<SqlParameter> declared = NamedParameterUtils.buildSqlParameterList(parsed, noValues);
		this.names = declared.stream().map(SqlParameter::getName).toArray(String[]::new);
		this.sql = NamedParameterUtils.substituteNamedParameters(parsed, noValues);
		this.factory = new PreparedStatementCreatorFactory(this.sql, declared);
	}

	/** Parses a statement with named parameters. */
	public static NamedSql of(String sql) {
		return new NamedSql(sql);
	}

	/** The statement with {@code ?} placeholders, as the driver gets it. */
	public String sql() {
		return this.sql;
	}

	/**
	 * The statement with these values.
	 * @param params a value (possibly {@code null}) for every named parameter; more are
	 * ignored
	 * @throws InvalidDataAccessApiUsageException when a parameter has no value or a
	 * collection one (as the template reports a missing value)
	 */
	public PreparedStatementCreator with(Map<String, ?> params) {
		Object[] values = new Object[this.names.length];
		for (int i = 0; i < this.names.length; i++) {
			String name = this.names[i];
			Object value = params.get(name);
			if (value == null && !params.containsKey(name)) {
				throw new InvalidDataAccessApiUsageException("No value supplied for the SQL parameter '" + name + "'");
			}
			if (value instanceof Iterable<?>) {
				throw new InvalidDataAccessApiUsageException(
						"The SQL parameter '" + name + "' has a collection value; NamedSql binds single values");
			}
			values[i] = value;
		}
		return this.factory.newPreparedStatementCreator(values);
	}

}
