package io.agentruntime.prompt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prompt's JSON is written as the mapper before issue 16 wrote it, with {@code <} and
 * {@code >} escaped so a lead cannot write the delimiters.
 */
class PromptJsonTests {

	/**
	 * The mapper the old PromptBuilder used: standard escapes plus the angle brackets.
	 */
	private static final ObjectMapper JACKSON = new ObjectMapper(new JsonFactory());

	static {
		JACKSON.getFactory().setCharacterEscapes(new CharacterEscapes() {

			private final int[] escapes = angleBrackets(CharacterEscapes.standardAsciiEscapesForJSON());

			@Override
			public int[] getEscapeCodesForAscii() {
				return this.escapes;
			}

			@Override
			public SerializableString getEscapeSequence(int ch) {
				return null;
			}

		});
	}

	@Test
	void escapesQuotesControlCharactersAndAngleBrackets() {
		assertThat(PromptJson.write(Map.of("leadMessage", "a\"b\\c\nd\u0001<e>/é")))
			.isEqualTo("{\"leadMessage\":\"a\\\"b\\\\c\\nd\\u0001\\u003Ce\\u003E/é\"}");
		assertThat(PromptJson.write("LEAD_DATA>>>")).doesNotContain(">");
	}

	@Test
	void writesWhatJacksonWroteForAnyText() throws Exception {
		Random random = new Random(16);
		for (int run = 0; run < 2000; run++) {
			Map<String, Object> value = new LinkedHashMap<>();
			value.put("leadMessage", randomText(random));
			value.put("topic", (run % 7 == 0) ? null : randomText(random));
			List<String> memory = new ArrayList<>();
			for (int i = random.nextInt(4); i > 0; i--) {
				memory.add(randomText(random));
			}
			value.put("memory", memory);

			assertThat(PromptJson.write(value)).isEqualTo(JACKSON.writeValueAsString(value));
		}
	}

	/** Mostly ASCII with every control character, plus non-ASCII and lone surrogates. */
	private static String randomText(Random random) {
		char[] text = new char[random.nextInt(40)];
		for (int i = 0; i < text.length; i++) {
			int kind = random.nextInt(4);
			text[i] = (char) ((kind < 2) ? random.nextInt(0x80)
					: (kind == 2) ? random.nextInt(0x300) : random.nextInt(0x10000));
		}
		return new String(text);
	}

	private static int[] angleBrackets(int[] escapes) {
		int[] copy = Arrays.copyOf(escapes, escapes.length);
		copy['<'] = CharacterEscapes.ESCAPE_STANDARD;
		copy['>'] = CharacterEscapes.ESCAPE_STANDARD;
		return copy;
	}

}
