package io.agentruntime.prompt;

import java.util.List;
import java.util.Map;

/**
 * The little JSON the prompt writes: objects with string keys, arrays, strings and
 * {@code null}, without spaces. Besides the standard escapes it escapes {@code <} and
 * {@code >}, so a lead's text can never contain the data block's delimiters verbatim: the
 * block stays unambiguous to a model, not only to a parser (issue 9). Written by hand so
 * the prompt stays free of any library with I/O; its output is the one Jackson wrote
 * before (PromptJsonTests compares them).
 */
final class PromptJson {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private PromptJson() {
	}

	/**
	 * The value as compact JSON.
	 * @param value a {@code Map} with string keys, a {@code List}, a {@code String} or
	 * {@code null}, nested freely
	 * @return its JSON text
	 */
	static String write(Object value) {
		StringBuilder json = new StringBuilder();
		append(json, value);
		return json.toString();
	}

	private static void append(StringBuilder json, Object value) {
		if (value == null) {
			json.append("null");
		}
		else if (value instanceof String text) {
			appendString(json, text);
		}
		else if (value instanceof Map<?, ?> map) {
			json.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				json.append(first ? "" : ",");
				appendString(json, (String) entry.getKey());
				json.append(':');
				append(json, entry.getValue());
				first = false;
			}
			json.append('}');
		}
		else if (value instanceof List<?> list) {
			json.append('[');
			for (int i = 0; i < list.size(); i++) {
				json.append((i > 0) ? "," : "");
				append(json, list.get(i));
			}
			json.append(']');
		}
		else {
			throw new IllegalArgumentException("Not a prompt JSON value: " + value.getClass().getSimpleName());
		}
	}

	private static void appendString(StringBuilder json, String text) {
		json.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\b' -> json.append("\\b");
				case '\t' -> json.append("\\t");
				case '\n' -> json.append("\\n");
				case '\f' -> json.append("\\f");
				case '\r' -> json.append("\\r");
				default -> {
					if (c < 0x20 || c == '<' || c == '>') {
						json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

}
