package io.agentruntime.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stand-alone LLM simulator of the compose profile {@code simulator}, over real HTTP:
 * the OpenAI chat-completions shape, JSON mode, usage, errors, and that it builds from
 * its own package with Jackson alone, as the Dockerfile's {@code simulator} target builds
 * it.
 */
class LlmSimulatorTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final MediaType JSON_TYPE = MediaType.get("application/json");

	private static final String SYSTEM = """
			You are Riley, a friendly truck expert at Riverside Motors.
			Tonality: warm

			Do:
			- Mention our Saturday service hours
			""";

	private static final String USER = """
			<<<LEAD_DATA
			{"leadMessage":"Can I book a test drive?","memory":["Prefers Saturday test drives"]}
			LEAD_DATA>>>""";

	private static LlmSimulator simulator;

	private final OkHttpClient http = new OkHttpClient();

	@BeforeAll
	static void start() {
		simulator = LlmSimulator.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
	}

	@AfterAll
	static void stop() {
		simulator.close();
	}

	@Test
	void answersInTheReplySchemaFromThePersonaAndMemoryItIsSent() throws IOException {
		JsonNode completion = post(
				Map.of("model", "local/any", "messages", messages(), "response_format",
						Map.of("type", "json_schema", "json_schema", Map.of("name", "agent_reply", "strict", true,
								"schema", Map.of("type", "object", "properties", Map.of("reply", Map.of(),
										"quickReplies", Map.of(), "handoff", Map.of(), "qualification", Map.of()))))),
				200);

		assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
		assertThat(completion.path("model").asText()).isEqualTo("local/any");
		JsonNode choice = completion.path("choices").get(0);
		assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
		JsonNode reply = JSON.readTree(choice.path("message").path("content").asText());
		assertThat(reply.path("reply").asText()).startsWith("Hi, lovely to hear from you! I'm Riley.")
			.contains("What I remember about you: prefers Saturday test drives.")
			.endsWith(PersonaSimulator.DISCLOSURE);
		assertThat(reply.path("quickReplies")).isNotEmpty();
		assertThat(reply.has("handoff")).isTrue();
		assertThat(reply.path("qualification").path("intent").asText()).isEqualTo("test_drive");
	}

	@Test
	void answersJsonInJsonObjectModeAndTextWithoutAResponseFormat() throws IOException {
		JsonNode jsonMode = post(
				Map.of("model", "m", "messages", messages(), "response_format", Map.of("type", "json_object")), 200);
		JsonNode textMode = post(Map.of("model", "m", "messages", messages()), 200);

		JsonNode reply = JSON.readTree(jsonMode.at("/choices/0/message/content").asText());
		assertThat(reply.path("reply").asText()).contains("I'm Riley.");
		assertThat(reply.has("qualification")).as("only a schema that asks for it gets it").isFalse();
		assertThat(textMode.at("/choices/0/message/content").asText()).startsWith("Hi, lovely to hear from you!")
			.endsWith(PersonaSimulator.DISCLOSURE);
	}

	@Test
	void reportsUsageThatGrowsWithThePrompt() throws IOException {
		JsonNode short_ = post(Map.of("model", "m", "messages", messages()), 200);
		List<Map<String, String>> longer = new ArrayList<>(messages());
		longer.add(1, Map.of("role", "assistant", "content", "Earlier answer. ".repeat(200)));
		JsonNode long_ = post(Map.of("model", "m", "messages", longer), 200);

		JsonNode usage = short_.path("usage");
		assertThat(usage.path("prompt_tokens").asInt()).isPositive();
		assertThat(usage.path("completion_tokens").asInt()).isPositive();
		assertThat(usage.path("total_tokens").asInt())
			.isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
		assertThat(long_.at("/usage/prompt_tokens").asInt()).isGreaterThan(usage.path("prompt_tokens").asInt() + 700);
	}

	@Test
	void refusesARequestWithoutMessagesInOpenAisErrorShape() throws IOException {
		JsonNode error = post(Map.of("model", "m"), 400);

		assertThat(error.at("/error/type").asText()).isEqualTo("invalid_request_error");
		assertThat(error.at("/error/param").asText()).isEqualTo("messages");
		try (Response response = this.http
			.newCall(new Request.Builder().url(simulator.baseUrl() + "/chat/completions")
				.post(RequestBody.create("{not json", JSON_TYPE))
				.build())
			.execute()) {
			assertThat(response.code()).isEqualTo(400);
		}
	}

	@Test
	void listsItsModelForTheRuntimesHealthProbeAndAnswers404Elsewhere() throws IOException {
		try (Response models = this.http.newCall(new Request.Builder().url(simulator.baseUrl() + "/models").build())
			.execute();
				Response other = this.http
					.newCall(new Request.Builder().url(simulator.baseUrl() + "/embeddings").build())
					.execute()) {
			assertThat(models.code()).isEqualTo(200);
			assertThat(JSON.readTree(models.body().string()).at("/data/0/id").asText()).isEqualTo(LlmSimulator.MODEL);
			assertThat(other.code()).isEqualTo(404);
			assertThat(JSON.readTree(other.body().string()).at("/error/message").asText()).contains("chat/completions");
		}
	}

	/**
	 * The Dockerfile's {@code simulator} target compiles this package alone with
	 * Jackson's three jars on the class path: an import of the runtime or of another test
	 * helper would break the image, so it breaks this test first.
	 */
	@Test
	void compilesFromItsOwnPackageWithJacksonAlone(@TempDir Path classes) throws IOException, URISyntaxException {
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		List<Path> sources;
		try (Stream<Path> files = Files.list(Path.of("src/test/java/io/agentruntime/simulator"))) {
			sources = files.filter(file -> file.toString().endsWith(".java"))
				.filter(file -> !file.getFileName().toString().endsWith("Tests.java"))
				.toList();
		}
		List<String> jackson = new ArrayList<>();
		for (Class<?> type : List.of(ObjectMapper.class, JsonParser.class, JsonProperty.class)) {
			jackson.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
		}
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
			boolean compiled = javac
				.getTask(null, files, diagnostics,
						List.of("--release", "17", "-proc:none", "-d", classes.toString(), "-classpath",
								String.join(java.io.File.pathSeparator, jackson)),
						null, files.getJavaFileObjectsFromPaths(sources))
				.call();

			assertThat(compiled).as(diagnostics.getDiagnostics().toString()).isTrue();
		}
		assertThat(sources).extracting(file -> file.getFileName().toString())
			.contains("LlmSimulator.java", "PersonaSimulator.java");
		assertThat(classes.resolve("io/agentruntime/simulator/LlmSimulator.class")).exists();
	}

	private static List<Map<String, String>> messages() {
		return List.of(Map.of("role", "system", "content", SYSTEM), Map.of("role", "user", "content", USER));
	}

	private JsonNode post(Object body, int expectedStatus) throws IOException {
		Request request = new Request.Builder().url(simulator.baseUrl() + "/chat/completions")
			.post(RequestBody.create(JSON.writeValueAsString(body), JSON_TYPE))
			.build();
		try (Response response = this.http.newCall(request).execute()) {
			assertThat(response.code()).isEqualTo(expectedStatus);
			assertThat(response.header("Content-Type")).isEqualTo("application/json");
			return JSON.readTree(response.body().string());
		}
	}

}
