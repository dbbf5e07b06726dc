package io.agentruntime.prompt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The little JSON the prompt writes (objects with string keys, arrays, strings and
 * {@code null}, without spaces), by Jackson. Besides the standard escapes it escapes
 * {@code <} and {@code >}, so a lead's text can never contain the data block's delimiters
 * verbatim: the block stays unambiguous to a model, not only to a parser (issue 9). A
 * mapper of its own, so the prompt's bytes do not change with the application's Jackson
 * settings (the prompt snapshot test holds them).
 */
final class PromptJson {

	// Buffers from the shared pool, as the application's mapper's
	// (web.JacksonConfiguration):
	// the thread-local default allocates new ones for every virtual thread.
	private static final ObjectMapper JSON = new ObjectMapper(
			JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedBoundedPool()).build());

	static {
		JSON.getFactory().setCharacterEscapes(new AngleBracketEscapes());
	}

	private PromptJson() {
	}

	/**
	 * The value as compact JSON.
	 * @param value a {@code Map} with string keys, a {@code List}, a {@code String} or
	 * {@code null}, nested freely
	 * @return its JSON text
	 */
	static String write(Object value) {
		try {
			return JSON.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			// Maps, lists and strings always serialise; anything else is a programming
			// error.
			throw new IllegalArgumentException("Not a prompt JSON value", ex);
		}
	}

	/** Standard JSON escapes plus {@code <} and {@code >} as unicode escapes. */
	private static final class AngleBracketEscapes extends CharacterEscapes {

		private final int[] escapes = CharacterEscapes.standardAsciiEscapesForJSON();

		AngleBracketEscapes() {
			this.escapes['<'] = CharacterEscapes.ESCAPE_STANDARD;
			this.escapes['>'] = CharacterEscapes.ESCAPE_STANDARD;
		}

		@Override
		public int[] getEscapeCodesForAscii() {
			return this.escapes;
		}

		@Override
		public SerializableString getEscapeSequence(int ch) {
			return null;
		}

	}

}
