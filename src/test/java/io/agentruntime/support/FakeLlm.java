package io.agentruntime.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;

/**
 * A protocol-faithful OpenAI-compatible upstream (contracts/openai-chat.md) on MockWebServer. It
 * answers {@code POST /v1/chat/completions} from a script of responses, falling back to a
 * simulator that writes plausible dealership replies and says it is a simulator; {@code GET
 * /v1/models} lists models. Every request is recorded for assertions.
 */
public final class FakeLlm implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final MockWebServer server = new MockWebServer();

	private final Deque<MockResponse> script = new ConcurrentLinkedDeque<>();

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	private final AtomicInteger modelsCalls = new AtomicInteger();

	public FakeLlm() {
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return handle(request);
			}
		});
	}

	/** Starts the server on a free loopback port. */
	public FakeLlm start() {
		try {
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	/** The base URL to configure as {@code agent.llm.base-url}, ending in {@code /v1}. */
	public String baseUrl() {
		String url = this.server.url("/v1").toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	/** Queues responses for the next completion calls, in order; then the simulator answers again. */
	public void enqueue(MockResponse... responses) {
		this.script.addAll(List.of(responses));
	}

	/** Forgets the script and the recorded calls. */
	public void reset() {
		this.script.clear();
		this.calls.clear();
	}

	/** Completion calls received since the last reset. */
	public List<Call> calls() {
		return List.copyOf(this.calls);
	}

	/** {@code GET /v1/models} calls (health probes) since the start; never reset. */
	public int modelsCalls() {
		return this.modelsCalls.get();
	}

	private MockResponse handle(RecordedRequest request) {
		String path = request.getUrl().encodedPath();
		if ("GET".equals(request.getMethod()) && path.endsWith("/models")) {
			this.modelsCalls.incrementAndGet();
			return json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"openai/gpt-4o-mini\",\"object\":\"model\"}]}");
		}
		if (!"POST".equals(request.getMethod()) || !path.endsWith("/chat/completions")) {
			return json(404, "{\"error\":{\"message\":\"Not found\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
		}
		JsonNode body;
		try {
			body = JSON.readTree(request.getBody().utf8());
		}
		catch (JsonProcessingException ex) {
			return json(400, "{\"error\":{\"message\":\"We could not parse the JSON body of your request.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
		}
		this.calls.add(new Call(request.getHeaders(), body));
		MockResponse scripted = this.script.poll();
		return (scripted != null) ? scripted : simulate(body);
	}

	/** A plausible dealership reply to the lead's message, in the reply JSON schema. */
	static MockResponse simulate(JsonNode body) {
		String lead = leadMessage(body).toLowerCase(Locale.ROOT);
		String reply;
		List<String> quick;
		if (lead.contains("test drive") || lead.contains("drive")) {
			reply = "I'd be glad to set up a test drive for you. Which day suits you best? A member of our team will confirm the time.";
			quick = List.of("Saturday morning", "A weekday evening", "Talk to sales");
		}
		else if (lead.contains("price") || lead.contains("cost") || lead.contains("financ") || lead.contains("$")
				|| lead.contains("discount")) {
			reply = "Prices depend on the trim and current offers, and our sales team confirms every figure. Shall I connect you with them?";
			quick = List.of("Connect me with sales", "See financing options", "Book a test drive");
		}
		else if (lead.contains("available") || lead.contains("stock") || lead.contains("inventory")) {
			reply = "I can't confirm live availability from here, but I can ask our team to check the inventory for you right away.";
			quick = List.of("Check inventory", "Book a test drive", "See financing options");
		}
		else {
			reply = "Thanks for your message! I can help with our inventory, test drives and financing. What are you looking for?";
			quick = List.of("Browse inventory", "Book a test drive", "Financing options");
		}
		reply = reply + " (Simulated reply from the local LLM simulator.)";
		String model = body.path("model").asText("simulator");
		return completion(model, Map.of("reply", reply, "quickReplies", quick), "stop");
	}

	/** The lead's message from the data block of the last user turn, or the whole turn. */
	static String leadMessage(JsonNode body) {
		JsonNode messages = body.path("messages");
		String user = "";
		for (JsonNode message : messages) {
			if ("user".equals(message.path("role").asText())) {
				user = message.path("content").asText();
			}
		}
		int start = user.indexOf('{');
		int end = user.indexOf("\nLEAD_DATA>>>");
		if (start >= 0 && end > start) {
			try {
				return JSON.readTree(user.substring(start, end)).path("leadMessage").asText(user);
			}
			catch (JsonProcessingException ex) {
				return user;
			}
		}
		return user;
	}

	/** A 200 chat completion whose content is the JSON of {@code content}. */
	public static MockResponse completion(String model, Object content, String finishReason) {
		try {
			return completionText(model, JSON.writeValueAsString(content), finishReason);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A 200 chat completion with this exact content text. */
	public static MockResponse completionText(String model, String content, String finishReason) {
		Map<String, Object> message = new java.util.LinkedHashMap<>();
		message.put("role", "assistant");
		message.put("content", content);
		message.put("refusal", null);
		Map<String, Object> choice = new java.util.LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("message", message);
		choice.put("logprobs", null);
		choice.put("finish_reason", finishReason);
		Map<String, Object> body = new java.util.LinkedHashMap<>();
		body.put("id", "chatcmpl-fake");
		body.put("object", "chat.completion");
		body.put("created", System.currentTimeMillis() / 1000);
		body.put("model", model);
		body.put("choices", List.of(choice));
		body.put("usage", Map.of("prompt_tokens", 120, "completion_tokens", 30, "total_tokens", 150));
		try {
			return json(200, JSON.writeValueAsString(body));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A valid reply with quick replies. */
	public static MockResponse reply(String reply, String... quickReplies) {
		return completion("openai/gpt-4o-mini", Map.of("reply", reply, "quickReplies", List.of(quickReplies)), "stop");
	}

	/** A JSON response with any status. */
	public static MockResponse json(int status, String body) {
		return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
	}

	/** A response that sends nothing for {@code millis}. */
	public static MockResponse hang(long millis) {
		return new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.headersDelay(millis, TimeUnit.MILLISECONDS)
			.body("{}")
			.build();
	}

	@Override
	public void close() {
		this.server.close();
	}

	/**
	 * One recorded completion request.
	 *
	 * @param headers the request headers
	 * @param body the parsed JSON body
	 */
	public record Call(Headers headers, JsonNode body) {

		/** The message contents with this role, in order. */
		public List<String> contents(String role) {
			List<String> contents = new ArrayList<>();
			for (JsonNode message : this.body.path("messages")) {
				if (role.equals(message.path("role").asText())) {
					contents.add(message.path("content").asText());
				}
			}
			return contents;
		}

		public String system() {
			return contents("system").get(0);
		}

		/** The last user turn. */
		public String user() {
			List<String> users = contents("user");
			return users.get(users.size() - 1);
		}

	}

}
