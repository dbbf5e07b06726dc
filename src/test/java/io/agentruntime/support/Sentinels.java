package io.agentruntime.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The registry of test data that must never reach a log: API keys, JWTs, the platform
 * key, lead e-mails, lead messages and the LLM's reply texts. The support classes
 * register what they create or send; each value is appended as one JSON string per line
 * to {@code sentinels.txt}, which {@code LogScanIT} looks for in the run's log after all
 * tests (issue 9).
 *
 * <p>
 * Values shorter than {@link #MIN_LENGTH} are not registered: "Hi" or "SUV?" are not
 * distinctive enough to tell a leak from a coincidence. Tests that want a short value
 * watched should make it longer or embed {@link #FUZZ_MARKER}.
 */
public final class Sentinels {

	/** The shortest value worth looking for. */
	public static final int MIN_LENGTH = 8;

	/** A marker the fuzz campaign puts inside generated text, registered once. */
	public static final String FUZZ_MARKER = "fz-sentinel-q7x";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Set<String> registered = ConcurrentHashMap.newKeySet();

	static {
		register(FUZZ_MARKER);
	}

	private Sentinels() {
	}

	/**
	 * Registers a value that must not appear in any log line; returns it for fluent use.
	 */
	public static String register(String value) {
		if (value == null) {
			return null;
		}
		String trimmed = value.strip();
		// Text with a lone surrogate cannot be sent as UTF-8 as it is, so it cannot leak
		// as it is either.
		if (trimmed.length() >= MIN_LENGTH && StandardCharsets.UTF_8.newEncoder().canEncode(trimmed)
				&& registered.add(trimmed)) {
			append(trimmed);
		}
		return value;
	}

	/** Everything registered in this JVM since the run started. */
	public static Set<String> all() {
		return Set.copyOf(registered);
	}

	static void reset() {
		registered.clear();
		register(FUZZ_MARKER);
	}

	private static synchronized void append(String value) {
		try {
			Path file = TestRunFiles.directory().resolve(TestRunFiles.SENTINEL_FILE);
			Files.createDirectories(file.getParent());
			Files.writeString(file, JSON.writeValueAsString(value) + "\n", StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
