package io.agentruntime.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Empties the proof suite's run files (the copy of the test log and the sentinel list)
 * once, when the Surefire run starts, so that {@code LogScanIT} reads exactly this run.
 * Logback appends to the log (Spring Boot reloads its configuration per context, which
 * must not truncate it), so this is the one place that starts it afresh. Only where
 * {@code test.logs.reset=true} (Surefire, not the Failsafe JVM that scans the files
 * afterwards).
 */
public final class TestRunFiles implements LauncherSessionListener {

	/** The log file the test JVM writes (see logback-test.xml). */
	public static final String LOG_FILE = "test-run.log";

	/** The sentinel list written by {@link Sentinels}. */
	public static final String SENTINEL_FILE = "sentinels.txt";

	/**
	 * The directory of the run files: {@code test.logs.dir}, by default
	 * {@code target/test-logs}.
	 */
	public static Path directory() {
		return Path.of(System.getProperty("test.logs.dir", "target/test-logs"));
	}

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		if (!Boolean.getBoolean("test.logs.reset")) {
			return;
		}
		try {
			Files.createDirectories(directory());
			// Truncate rather than delete: logback may already hold the log open in
			// append mode.
			Files.write(directory().resolve(LOG_FILE), new byte[0]);
			Files.write(directory().resolve(SENTINEL_FILE), new byte[0]);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Sentinels.reset();
	}

}
