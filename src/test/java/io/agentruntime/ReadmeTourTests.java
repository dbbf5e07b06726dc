package io.agentruntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.agentruntime.support.FakeLlm;
import io.agentruntime.support.TestDatabase;
import io.agentruntime.support.TestDatabaseConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The README's 10-minute tour, run as written against try-it (the LocalRun
 * configuration): each fenced block between the tour markers goes to bash in order (the
 * variables carry over, as in one terminal), and each {@code # →} line must be found in
 * what the block printed, {@code …} standing for anything. An example that breaks fails
 * this test.
 *
 * <p>
 * Try-it gets a database of its own on the test server: the shared test context's memory
 * outbox would otherwise deliver the tour's notes to its fake Supermemory.
 */
class ReadmeTourTests {

	static final Path README = Path.of("README.md");

	private static final Pattern BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

	private static final Properties saved = (Properties) System.getProperties().clone();

	@TempDir
	static Path shell;

	static FakeLlm simulator;

	static ConfigurableApplicationContext tryIt;

	static JdbcClient tourDatabase;

	@BeforeAll
	static void startTryIt() throws SQLException {
		String url = createDatabase("tour_" + UUID.randomUUID().toString().substring(0, 8));
		System.setProperty("tour.jdbc-url", url);
		tourDatabase = JdbcClient.create(new SingleConnectionDataSource(url, TestDatabase.get().username(),
				TestDatabase.get().password(), true));
		simulator = new FakeLlm();
		LocalRun.defaults(Map.of(), simulator);
		tryIt = SpringApplication.from(AgentRuntimeApplication::main)
			.with(LocalRunConfiguration.class, OwnDatabase.class)
			.run("--server.port=0")
			.getApplicationContext();
	}

	@AfterAll
	static void stopTryIt() {
		if (tryIt != null) {
			tryIt.close();
		}
		if (simulator != null) {
			simulator.close();
		}
		System.setProperties(saved);
	}

	@Test
	void everyStepOfTheReadmeTourWorksAsWritten() throws Exception {
		List<Step> steps = steps(Files.readString(README));
		assertThat(steps).as("tour steps in README.md").hasSizeGreaterThanOrEqualTo(8);
		String base = "http://localhost:" + tryIt.getEnvironment().getProperty("local.server.port");
		for (Step step : steps) {
			// What a person's pause between two steps gives: the notes just ingested are
			// delivered.
			await().atMost(Duration.ofSeconds(20)).until(this::outboxDelivered);
			String output = run(step.script().replace("http://localhost:8080", base));
			for (String expected : step.expectations()) {
				if (!expected(expected).matcher(output).find()) {
					fail("README tour step%n%s%nprinted%n%s%nwhich does not show%n%s", step.script(), output, expected);
				}
			}
		}
	}

	@Test
	void theHttpCollectionSendsTheTourRequestsInTheSameOrder() throws IOException {
		List<String> readme = new ArrayList<>();
		for (Step step : steps(Files.readString(README))) {
			Matcher curl = Pattern.compile("curl -s(?: -X (\\w+))? \"?\\$BASE(/api/[^\\s?\"]*)").matcher(step.script());
			while (curl.find()) {
				readme.add(((curl.group(1) != null) ? curl.group(1) : "GET") + " " + curl.group(2));
			}
		}
		List<String> http = new ArrayList<>();
		Matcher request = Pattern.compile("(?m)^(GET|POST|PUT|PATCH|DELETE) \\{\\{base}}(/api/\\S*)")
			.matcher(Files.readString(Path.of("docs", "tour.http")));
		while (request.find()) {
			http.add(request.group(1) + " " + request.group(2));
		}
		List<String> normalized = readme.stream()
			.map(line -> line.replaceAll("\\$[A-Z_]+", "{id}"))
			.map(line -> line.startsWith("GET") && line.contains("/reply") ? line.replace("GET", "POST") : line)
			.toList();
		assertThat(http.stream().map(line -> line.replaceAll("\\{\\{[^}]+}}", "{id}")).toList())
			.containsExactlyElementsOf(normalized);
	}

	private boolean outboxDelivered() {
		return tourDatabase.sql("select count(*) from memory_outbox where status = 'pending'")
			.query(Long.class)
			.single() == 0;
	}

	/** Runs one block in bash with the variables of the blocks before it. */
	private static String run(String script) throws IOException, InterruptedException {
		Path state = shell.resolve("state.sh");
		Path file = shell.resolve("step.sh");
		Files.writeString(file,
				"set -a\n[ -f " + state + " ] && . " + state + "\n" + script + "\nexport -p > " + state + "\n",
				StandardCharsets.UTF_8);
		Process bash = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true)
			.directory(shell.toFile())
			.start();
		String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(bash.waitFor(60, TimeUnit.SECONDS)).as("step finished").isTrue();
		return output;
	}

	/** The fenced bash blocks between the tour markers and their {@code # →} lines. */
	static List<Step> steps(String readme) {
		int start = readme.indexOf("<!-- tour:start -->");
		int end = readme.indexOf("<!-- tour:end -->");
		assertThat(start).as("tour markers in README.md").isNotNegative().isLessThan(end);
		List<Step> steps = new ArrayList<>();
		Matcher block = BLOCK.matcher(readme.substring(start, end));
		while (block.find()) {
			steps.add(new Step(block.group(1), expectations(block.group(1))));
		}
		return steps;
	}

	/** A {@code # → } line and the {@code #    } lines that continue it, joined. */
	static List<String> expectations(String script) {
		List<String> expectations = new ArrayList<>();
		StringBuilder current = null;
		for (String line : script.split("\n")) {
			if (line.startsWith("# → ")) {
				if (current != null) {
					expectations.add(current.toString());
				}
				current = new StringBuilder(line.substring(4).strip());
			}
			else if (current != null && line.startsWith("#    ")) {
				current.append(line.substring(1).strip());
			}
			else if (current != null) {
				expectations.add(current.toString());
				current = null;
			}
		}
		if (current != null) {
			expectations.add(current.toString());
		}
		return expectations;
	}

	/** The shown output as a pattern: literal text, {@code …} for anything. */
	static Pattern expected(String shown) {
		List<String> parts = new ArrayList<>();
		for (String part : shown.split("…", -1)) {
			parts.add(part.isEmpty() ? "" : Pattern.quote(part));
		}
		return Pattern.compile(String.join(".*?", parts), Pattern.DOTALL);
	}

	private static String createDatabase(String name) throws SQLException {
		TestDatabase database = TestDatabase.get();
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
				database.password()); Statement statement = connection.createStatement()) {
			statement.execute("create database " + name.toLowerCase(Locale.ROOT));
		}
		return database.jdbcUrl().replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
	}

	/** One fenced block of the tour. */
	record Step(String script, List<String> expectations) {
	}

	/** Try-it on the tour's own database. */
	@TestConfiguration(proxyBeanMethods = false)
	static class OwnDatabase {

		@Bean
		@Primary
		JdbcConnectionDetails tourDatabaseConnection() {
			return TestDatabaseConfiguration.connection(TestDatabase.get(), System.getProperty("tour.jdbc-url"));
		}

	}

}
