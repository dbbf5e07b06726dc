package io.agentruntime.structure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the tables a Java source file names in SQL: only its string literals (text blocks
 * included) are read, so comments and identifiers never count. A table counts where a
 * literal says {@code from}, {@code join}, {@code into}, {@code update}, {@code table} or
 * {@code truncate} before its name, where an {@code @Table(name = "…")} gives it, or
 * where a whole literal is a name with an underscore (a list of table names handed to a
 * format string; a bare {@code "leads"} is as likely a word of prose or a JSON field).
 */
final class SqlTableNames {

	private static final Pattern SQL_REFERENCE = Pattern.compile(
			"(?i)\\b(?:from|join|into|update|table|truncate)\\s+(?:only\\s+|if\\s+(?:not\\s+)?exists\\s+)?\"?([a-z_][a-z0-9_]*)");

	private static final Pattern TABLE_ANNOTATION = Pattern
		.compile("@Table\\s*\\(\\s*name\\s*=\\s*\"([a-z_][a-z0-9_]*)\"");

	private SqlTableNames() {
	}

	/**
	 * The names out of {@code tables} that the source names in SQL, in order of first
	 * mention.
	 */
	static Set<String> named(String javaSource, Set<String> tables) {
		Set<String> named = new LinkedHashSet<>();
		Matcher annotation = TABLE_ANNOTATION.matcher(javaSource);
		while (annotation.find()) {
			if (tables.contains(annotation.group(1))) {
				named.add(annotation.group(1));
			}
		}
		for (String literal : stringLiterals(javaSource)) {
			String whole = literal.strip();
			if (whole.contains("_") && tables.contains(whole)) {
				named.add(whole);
			}
			Matcher reference = SQL_REFERENCE.matcher(literal);
			while (reference.find()) {
				String name = reference.group(1).toLowerCase();
				if (tables.contains(name)) {
					named.add(name);
				}
			}
		}
		return named;
	}

	/**
	 * The contents of the string literals and text blocks of a Java source, escapes left
	 * as written (SQL does not need them resolved); comments and char literals are
	 * skipped.
	 */
	static List<String> stringLiterals(String source) {
		List<String> literals = new ArrayList<>();
		int i = 0;
		int length = source.length();
		while (i < length) {
			char c = source.charAt(i);
			if (source.startsWith("//", i)) {
				i = endOfLine(source, i);
			}
			else if (source.startsWith("/*", i)) {
				int end = source.indexOf("*/", i + 2);
				i = (end < 0) ? length : end + 2;
			}
			else if (source.startsWith("\"\"\"", i)) {
				int end = closing(source, i + 3, "\"\"\"");
				literals.add(source.substring(i + 3, Math.min(end, length)));
				i = end + 3;
			}
			else if (c == '"') {
				int end = closing(source, i + 1, "\"");
				literals.add(source.substring(i + 1, Math.min(end, length)));
				i = end + 1;
			}
			else if (c == '\'') {
				int end = closing(source, i + 1, "'");
				i = end + 1;
			}
			else {
				i++;
			}
		}
		return literals;
	}

	private static int endOfLine(String source, int from) {
		int end = source.indexOf('\n', from);
		return (end < 0) ? source.length() : end;
	}

	/** Index of the unescaped {@code delimiter} at or after {@code from}. */
	private static int closing(String source, int from, String delimiter) {
		int i = from;
		while (i < source.length()) {
			if (source.charAt(i) == '\\') {
				i += 2;
			}
			else if (source.startsWith(delimiter, i)) {
				return i;
			}
			else {
				i++;
			}
		}
		return source.length();
	}

}
