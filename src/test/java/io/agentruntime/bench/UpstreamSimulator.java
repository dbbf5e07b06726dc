package io.agentruntime.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A cheap upstream for the benchmark: the OpenAI chat-completions shape (as
 * {@code support/FakeLlm}) or Supermemory's {@code /v3/search} and {@code /v3/documents}
 * (as {@code support/FakeSupermemory}), answering after a fixed latency. Unlike
 * MockWebServer it holds no thread while it waits: a few threads read requests and a
 * scheduler writes each answer when its latency is up, so thousands of calls in flight
 * cost only their sockets. The time each call of a benchmark request was held goes to the
 * {@link UpstreamClock}; the request id is the {@code [bench N]} marker in the lead's
 * message, which reaches the LLM prompt and the recall query.
 */
final class UpstreamSimulator implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Pattern REQUEST_ID = Pattern.compile("\\[bench (\\d+)]");

	private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern CLIENT_ID = Pattern
		.compile("\"key\"\\s*:\\s*\"clientId\"\\s*,\\s*\"value\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");

	private final Kind kind;

	private final long latencyNanos;

	private final UpstreamClock clock;

	private final HttpServer server;

	private final ExecutorService readers;

	private final ScheduledExecutorService writers;

	private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	private final java.util.Set<Integer> peers = ConcurrentHashMap.newKeySet();

	private UpstreamSimulator(Kind kind, long latencyMillis, UpstreamClock clock) {
		this.kind = kind;
		this.latencyNanos = TimeUnit.MILLISECONDS.toNanos(latencyMillis);
		this.clock = clock;
		this.readers = Executors.newFixedThreadPool(4, daemon(kind.name().toLowerCase() + "-sim-read-"));
		this.writers = Executors.newScheduledThreadPool(2, daemon(kind.name().toLowerCase() + "-sim-write-"));
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8192);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(this.readers);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/**
	 * An OpenAI-compatible LLM answering every completion after {@code latencyMillis}.
	 */
	static UpstreamSimulator llm(long latencyMillis, UpstreamClock clock) {
		return new UpstreamSimulator(Kind.LLM, latencyMillis, clock);
	}

	/** A Supermemory API answering every search and write after {@code latencyMillis}. */
	static UpstreamSimulator memory(long latencyMillis, UpstreamClock clock) {
		return new UpstreamSimulator(Kind.MEMORY, latencyMillis, clock);
	}

	/**
	 * Sets the JDK HTTP server's tuning before its first use: no Nagle delay on small
	 * answers, and keep-alive connections kept by the thousand (the default closes idle
	 * ones above a few hundred, which would make the service reconnect and count that
	 * against it).
	 */
	static void tuneJdkHttpServer() {
		System.setProperty("sun.net.httpserver.nodelay", "true");
		System.setProperty("sun.net.httpserver.maxIdleConnections", "20000");
		System.setProperty("sun.net.httpserver.idleInterval", "120");
	}

	/**
	 * The base URL: {@code http://127.0.0.1:port/v1} for the LLM,
	 * {@code http://127.0.0.1:port} for memory.
	 */
	String baseUrl() {
		String root = "http://127.0.0.1:" + this.server.getAddress().getPort();
		return (this.kind == Kind.LLM) ? root + "/v1" : root;
	}

	/** The most calls this simulator held at once. */
	int maxInFlight() {
		return this.maxInFlight.get();
	}

	/** Connections the service opened to this simulator (distinct client ports). */
	int connections() {
		return this.peers.size();
	}

	private void handle(HttpExchange exchange) throws IOException {
		long received = System.nanoTime();
		this.peers.add(exchange.getRemoteAddress().getPort());
		byte[] request = exchange.getRequestBody().readAllBytes();
		String body = new String(request, StandardCharsets.UTF_8);
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getPath();
		Answer answer = answer(method, path, body);
		long id = answer.counted() ? requestId(body) : -1;
		int now = this.inFlight.incrementAndGet();
		this.maxInFlight.accumulateAndGet(now, Math::max);
		long delay = answer.delayed() ? this.latencyNanos - (System.nanoTime() - received) : 0;
		this.writers.schedule(() -> respond(exchange, answer, id, received), Math.max(delay, 0), TimeUnit.NANOSECONDS);
	}

	private void respond(HttpExchange exchange, Answer answer, long id, long received) {
		// The hold ends before the answer is written: the service may finish the reply
		// before this thread returns from the write, and the load generator reads the
		// clock when it does.
		if (id >= 0) {
			this.clock.record(id, received, System.nanoTime());
		}
		this.inFlight.decrementAndGet();
		try {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(answer.status(), answer.body().length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer.body());
			}
		}
		catch (IOException ex) {
			// The service gave up on this call (its timeout); nothing to answer any more.
			exchange.close();
		}
	}

	private Answer answer(String method, String path, String body) {
		if (this.kind == Kind.LLM) {
			if ("GET".equals(method) && path.endsWith("/models")) {
				return new Answer(200,
						bytes("{\"object\":\"list\",\"data\":[{\"id\":\"openai/gpt-4o-mini\",\"object\":\"model\"}]}"),
						false, false);
			}
			if ("POST".equals(method) && path.endsWith("/chat/completions")) {
				String model = find(MODEL, body, "openai/gpt-4o-mini");
				return new Answer(200, this.bodies.computeIfAbsent(model, UpstreamSimulator::completion), true, true);
			}
		}
		else {
			if ("POST".equals(method) && path.equals("/v3/search")) {
				String clientId = find(CLIENT_ID, body, "unknown");
				return new Answer(200, this.bodies.computeIfAbsent(clientId, UpstreamSimulator::searchResults), true,
						true);
			}
			if ("POST".equals(method) && path.equals("/v3/documents")) {
				// Writes are off the reply path (after the audit commit): delayed, but
				// not counted.
				return new Answer(200, bytes("{\"id\":\"BenchDocument000000001\",\"status\":\"queued\"}"), true, false);
			}
			if ("GET".equals(method) && path.startsWith("/v3/documents/")) {
				return new Answer(404, bytes("{\"error\":\"Document not found\"}"), false, false);
			}
		}
		return new Answer(404, bytes("{\"error\":{\"message\":\"Not found\"}}"), false, false);
	}

	/**
	 * A chat completion in the reply JSON schema, the shape of
	 * {@code FakeLlm.completion}.
	 */
	private static byte[] completion(String model) {
		Map<String, Object> content = Map.of("reply",
				"I can't confirm live availability from here, but I can ask our team to check the inventory for you right away. (Benchmark simulator.)",
				"quickReplies", List.of("Check inventory", "Book a test drive", "See financing options"));
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "assistant");
		message.put("content", json(content));
		message.put("refusal", null);
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("message", message);
		choice.put("logprobs", null);
		choice.put("finish_reason", "stop");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", "chatcmpl-bench");
		body.put("object", "chat.completion");
		body.put("created", Instant.now().getEpochSecond());
		body.put("model", model);
		body.put("choices", List.of(choice));
		body.put("usage", Map.of("prompt_tokens", 420, "completion_tokens", 45, "total_tokens", 465));
		return bytes(json(body));
	}

	/** Two hits of the tenant, the shape of {@code FakeSupermemory.search}. */
	private static byte[] searchResults(String clientId) {
		List<Map<String, Object>> results = List.of(
				result("BenchDocument000000001", 0.83, clientId,
						"The red F-150 XLT arrived last week; the lead asked about towing capacity and financing."),
				result("BenchDocument000000002", 0.71, clientId,
						"Dealership hours: Mon-Sat 9am-7pm. Test drives need a driving licence."));
		return bytes(json(Map.of("results", results, "total", results.size(), "timing", 12)));
	}

	private static Map<String, Object> result(String id, double score, String clientId, String content) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("documentId", id);
		result.put("score", score);
		result.put("chunks", List.of(Map.of("content", content, "score", score, "isRelevant", true, "position", 0)));
		result.put("title", null);
		result.put("type", "text");
		result.put("metadata", Map.of("clientId", clientId, "kind", "note"));
		result.put("createdAt", "2026-01-01T00:00:00Z");
		result.put("updatedAt", "2026-01-01T00:00:00Z");
		return result;
	}

	private static long requestId(String body) {
		Matcher matcher = REQUEST_ID.matcher(body);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
	}

	private static String find(Pattern pattern, String body, String otherwise) {
		Matcher matcher = pattern.matcher(body);
		return matcher.find() ? matcher.group(1) : otherwise;
	}

	private static String json(Object value) {
		try {
			return JSON.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static ThreadFactory daemon(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return runnable -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.writers.shutdownNow();
		this.readers.shutdownNow();
	}

	private enum Kind {

		LLM, MEMORY

	}

	/**
	 * What to answer.
	 *
	 * @param status HTTP status
	 * @param body JSON body
	 * @param delayed whether the simulated latency applies
	 * @param counted whether the hold counts as upstream time of the reply
	 */
	private record Answer(int status, byte[] body, boolean delayed, boolean counted) {
	}

}
