package io.agentruntime.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The try-it simulator as an OpenAI-compatible HTTP server of its own, for the compose
 * profile {@code simulator} (image: the Dockerfile's {@code simulator} target): it serves
 * {@code POST /v1/chat/completions} with {@link PersonaSimulator}'s answer — the reply
 * JSON when the request asks for JSON ({@code response_format} {@code json_schema} or
 * {@code json_object}), the reply text otherwise — with {@code usage} estimated from the
 * text, and {@code GET /v1/models} for the runtime's health probe.
 *
 * <p>
 * It depends on the JDK and Jackson only (a test keeps it so): the Dockerfile compiles
 * this package alone against Jackson's jars, so nothing of the runtime or of the other
 * test code reaches the image. It never logs a message, reply or header.
 */
public final class LlmSimulator implements AutoCloseable {

	/**
	 * The model {@code GET /v1/models} lists; any model name a request asks for is
	 * served.
	 */
	public static final String MODEL = "try-it-simulator";

	/** Environment variable with the port to listen on. */
	static final String PORT_VARIABLE = "LLM_SIMULATOR_PORT";

	static final int DEFAULT_PORT = 8000;

	private static final ObjectMapper JSON = new ObjectMapper();

	/** A rough tokens-per-character ratio of English text, for the usage numbers. */
	private static final int CHARS_PER_TOKEN = 4;

	private final HttpServer server;

	private final ExecutorService executor;

	private LlmSimulator(HttpServer server, ExecutorService executor) {
		this.server = server;
		this.executor = executor;
	}

	/**
	 * Starts a simulator listening on {@code address} (port 0 for a free one).
	 * @param address where to listen
	 * @return the running simulator
	 */
	public static LlmSimulator start(InetSocketAddress address) {
		try {
			HttpServer server = HttpServer.create(address, 0);
			ExecutorService executor = Executors.newFixedThreadPool(16);
			server.setExecutor(executor);
			server.createContext("/", LlmSimulator::handle);
			server.start();
			return new LlmSimulator(server, executor);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Runs the simulator on all interfaces, on {@code LLM_SIMULATOR_PORT} (8000 when
	 * unset), until the process is stopped.
	 * @param args not used
	 */
	public static void main(String[] args) {
		String port = System.getenv(PORT_VARIABLE);
		LlmSimulator simulator = start(new InetSocketAddress(
				(port != null && !port.isBlank()) ? Integer.parseInt(port.trim()) : DEFAULT_PORT));
		Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
		System.out.println("LLM simulator listening on port " + simulator.port()
				+ ": POST /v1/chat/completions answers from the persona, memory and history it is sent");
	}

	/** The port this simulator listens on. */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * The base URL to configure as {@code AGENT_LLM_BASE_URL}, on the loopback address.
	 */
	public String baseUrl() {
		return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port() + "/v1";
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private static void handle(HttpExchange exchange) throws IOException {
		try {
			String method = exchange.getRequestMethod();
			String path = exchange.getRequestURI().getPath();
			if ("GET".equals(method) && path.endsWith("/models")) {
				send(exchange, 200, Map.of("object", "list", "data",
						List.of(Map.of("id", MODEL, "object", "model", "owned_by", "agent-runtime"))));
			}
			else if ("POST".equals(method) && path.endsWith("/chat/completions")) {
				complete(exchange);
			}
			else {
				send(exchange, 404, error("Unknown path: use POST /v1/chat/completions or GET /v1/models.", null));
			}
		}
		catch (RuntimeException ex) {
			// A status the runtime understands (it degrades the reply) instead of a
			// reset.
			send(exchange, 500, error("The simulator failed on this request.", null));
		}
		finally {
			exchange.close();
		}
	}

	private static void complete(HttpExchange exchange) throws IOException {
		JsonNode body;
		try (InputStream in = exchange.getRequestBody()) {
			body = JSON.readTree(in);
		}
		catch (JsonProcessingException ex) {
			body = null;
		}
		if (body == null || !body.path("messages").isArray() || body.path("messages").isEmpty()) {
			send(exchange, 400, error("The request needs a JSON body with a non-empty 'messages' array.", "messages"));
			return;
		}
		PersonaSimulator.Answer answer = PersonaSimulator.answer(body);
		String content = wantsJson(body) ? JSON.writeValueAsString(PersonaSimulator.replyObject(body, answer))
				: answer.reply();
		send(exchange, 200, completion(body, content));
	}

	/**
	 * JSON mode: {@code response_format} of type {@code json_schema} or
	 * {@code json_object}.
	 */
	static boolean wantsJson(JsonNode body) {
		String type = body.path("response_format").path("type").asText("");
		return "json_schema".equals(type) || "json_object".equals(type);
	}

	private static Map<String, Object> completion(JsonNode body, String content) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "assistant");
		message.put("content", content);
		message.put("refusal", null);
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("message", message);
		choice.put("logprobs", null);
		choice.put("finish_reason", "stop");
		int promptTokens = tokens(promptText(body));
		int completionTokens = tokens(content);
		Map<String, Object> completion = new LinkedHashMap<>();
		completion.put("id", "chatcmpl-sim-" + UUID.randomUUID());
		completion.put("object", "chat.completion");
		completion.put("created", System.currentTimeMillis() / 1000);
		completion.put("model", body.path("model").asText(MODEL));
		completion.put("choices", List.of(choice));
		completion.put("usage", Map.of("prompt_tokens", promptTokens, "completion_tokens", completionTokens,
				"total_tokens", promptTokens + completionTokens));
		return completion;
	}

	private static String promptText(JsonNode body) {
		StringBuilder text = new StringBuilder();
		body.path("messages").forEach(message -> text.append(message.path("content").asText()));
		return text.toString();
	}

	/** About one token per four characters, at least one. */
	static int tokens(String text) {
		return Math.max(1, (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
	}

	/** An error body in OpenAI's shape (contracts/openai-chat.md). */
	private static Map<String, Object> error(String message, String param) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", message);
		error.put("type", "invalid_request_error");
		error.put("param", param);
		error.put("code", null);
		return Map.of("error", error);
	}

	private static void send(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
