package io.agentruntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every table has one owning package (issue 16): only the owner's main sources name the
 * table in SQL, every other feature goes through the owner's API. A package structure
 * test sees imports, not SQL text; this one reads the string literals of the main
 * sources.
 */
class TableOwnershipTests {

	/** Table → the one package whose main sources may name it in SQL. */
	static final Map<String, String> OWNERS = owners();

	private static final Path MAIN = Path.of("src/main/java/io/agentruntime");

	private static final Pattern SQL_NAME = Pattern
		.compile("(?i)\\b(?:from|join|into|update|table|using)\\s+(?:only\\s+)?([a-z_][a-z0-9_]*)\\b");

	@Test
	void onlyTheOwningPackageNamesATableInSql() {
		List<String> violations = new ArrayList<>();
		for (Path file : mainSources()) {
			String owner = MAIN.relativize(file).getName(0).toString();
			for (String table : tablesNamedInSql(read(file))) {
				String tableOwner = OWNERS.get(table);
				if (tableOwner != null && !tableOwner.equals(owner)) {
					violations.add(MAIN.relativize(file) + " names " + table + " (owned by " + tableOwner + ")");
				}
			}
		}
		assertThat(violations).isEmpty();
	}

	@Test
	void findsATableNamedInAnotherPackagesSqlButNotInCommentsOrPaths() {
		String source = """
				class Foreign {
					// update leads in a comment is not SQL
					/* select * from agent_exchange in a block comment neither */
					String path = "/api/agent/leads/{leadId}";
					String sql = "select email from leads where client_id = ?";
					String block = \"""
							delete from memory_outbox o
							using unnest(?::text[]) as d(id)
							\""";
					String partition = "agent_exchange_default";
				}
				""";

		assertThat(tablesNamedInSql(source)).containsExactlyInAnyOrder("leads", "memory_outbox", "unnest");
	}

	@Test
	void everyTableOfTheMigrationsHasAnOwner() throws IOException {
		Set<String> created = new TreeSet<>();
		Pattern create = Pattern.compile("(?i)create table (?:if not exists )?([a-z_]+)");
		try (Stream<Path> migrations = Files.list(Path.of("db/migration"))) {
			for (Path migration : migrations.toList()) {
				Matcher matcher = create.matcher(Files.readString(migration));
				while (matcher.find()) {
					created.add(matcher.group(1).toLowerCase());
				}
			}
		}
		created.removeIf(table -> table.endsWith("_default") || table.endsWith("_old_ddl"));
		assertThat(OWNERS.keySet()).containsAll(created);
	}

	/** The tables named after an SQL keyword inside the string literals of a source. */
	static Set<String> tablesNamedInSql(String source) {
		Set<String> tables = new TreeSet<>();
		for (String literal : stringLiterals(source)) {
			Matcher matcher = SQL_NAME.matcher(literal);
			while (matcher.find()) {
				tables.add(matcher.group(1).toLowerCase());
			}
		}
		return tables;
	}

	/** The contents of the string literals and text blocks of a Java source. */
	static List<String> stringLiterals(String source) {
		List<String> literals = new ArrayList<>();
		int i = 0;
		while (i < source.length()) {
			if (source.startsWith("//", i)) {
				i = end(source.indexOf('\n', i), source);
			}
			else if (source.startsWith("/*", i)) {
				i = end(source.indexOf("*/", i + 2), source) + 2;
			}
			else if (source.startsWith("\"\"\"", i)) {
				int close = end(source.indexOf("\"\"\"", i + 3), source);
				literals.add(source.substring(i + 3, close));
				i = close + 3;
			}
			else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
				char quote = source.charAt(i);
				int j = i + 1;
				while (j < source.length() && source.charAt(j) != quote) {
					j += (source.charAt(j) == '\\') ? 2 : 1;
				}
				if (quote == '"') {
					literals.add(source.substring(i + 1, Math.min(j, source.length())));
				}
				i = j + 1;
			}
			else {
				i++;
			}
		}
		return literals;
	}

	private static int end(int index, String source) {
		return (index < 0) ? source.length() : index;
	}

	private static List<Path> mainSources() {
		try (Stream<Path> files = Files.walk(MAIN)) {
			return files.filter(file -> file.toString().endsWith(".java"))
				.filter(file -> MAIN.relativize(file).getNameCount() > 1)
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, String> owners() {
		Map<String, String> owners = new LinkedHashMap<>();
		owners.put("agent_exchange", "audit");
		owners.put("memory_outbox", "memory");
		owners.put("memory_documents", "memory");
		owners.put("leads", "lead");
		owners.put("conversation", "conversation");
		owners.put("conversation_event", "conversation");
		owners.put("clients", "tenant");
		owners.put("api_keys", "tenant");
		owners.put("service_secret", "tenant");
		owners.put("ai_agent_config", "agentconfig");
		owners.put("tenant_daily_tokens", "limits");
		owners.put("rate_limit_bucket", "limits");
		return owners;
	}

}
