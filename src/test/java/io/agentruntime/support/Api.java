package io.agentruntime.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small real HTTP client for black-box tests against the running application. It also
 * feeds the proof suite (issue 9): string values of {@link #SENSITIVE_FIELDS} in request
 * bodies and the reply text of responses become {@link Sentinels}, and every 200 of
 * {@value #REPLY_PATH} goes to the {@link Ledger}.
 */
public final class Api {

	/** The reply endpoint, whose 200s must each have exactly one audit row. */
	public static final String REPLY_PATH = "/api/agent/reply";

	/**
	 * The memory ingest endpoint (issue 5), whose 202s count as accepted memory writes.
	 */
	public static final String MEMORY_PATH = "/api/agent/memory";

	/**
	 * Body fields whose text is a lead's or the agent's words or personal data (DESIGN
	 * §2: never logged).
	 */
	public static final Set<String> SENSITIVE_FIELDS = Set.of("message", "topic", "content", "email", "reply", "text");

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Pattern STAFF_MESSAGES = Pattern.compile("/api/agent/conversations/([^/]+)/messages");

	private static final Pattern CLIENT_KEYS = Pattern.compile("/api/admin/clients/([0-9a-fA-F-]{36})/api-keys");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	public Api(int port) {
		this.base = "http://localhost:" + port;
	}

	public Response get(String path, String credential) {
		Response response = send(builder(path, credential).GET());
		observe("GET", path, credential, null, response, false);
		return response;
	}

	public Response delete(String path, String credential) {
		Response response = send(builder(path, credential).DELETE());
		observe("DELETE", path, credential, null, response, false);
		return response;
	}

	public Response post(String path, String credential, Object body) {
		return send("POST", path, credential, body, "application/json");
	}

	public Response put(String path, String credential, Object body) {
		return send("PUT", path, credential, body, "application/json");
	}

	public Response patch(String path, String credential, Object body) {
		return send("PATCH", path, credential, body, "application/json");
	}

	/**
	 * Any method, any body (a String is sent as is, anything else as JSON), any content
	 * type.
	 */
	public Response send(String method, String path, String credential, Object body, String contentType) {
		String text;
		try {
			text = (body instanceof String s) ? s : JSON.writeValueAsString(body);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
		HttpRequest.Builder builder = builder(path, credential).method(method,
				HttpRequest.BodyPublishers.ofString(text));
		if (contentType != null) {
			builder.header("Content-Type", contentType);
		}
		Response response = send(builder);
		observe(method, path, credential, text, response, true);
		return response;
	}

	/**
	 * Sends exactly these headers (no {@code Authorization} added) and body; for fuzzing.
	 * The body's fields are not registered as sentinels (the 200 still goes to the
	 * ledger). Throws {@link IllegalArgumentException} when the JDK client refuses a
	 * header name or value.
	 */
	public Response raw(String method, String path, Map<String, String> headers, String body) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		headers.forEach(builder::header);
		Response response = send(builder);
		String authorization = headers.get("Authorization");
		String credential = (authorization != null && authorization.startsWith("Bearer "))
				? authorization.substring("Bearer ".length()) : null;
		// Generated bodies are not registered as sentinels: "openai/gpt-4o-mini" as a
		// topic would then match the model name in every exchange log line. Fuzzers embed
		// Sentinels.FUZZ_MARKER instead.
		observe(method, path, credential, body, response, false);
		return response;
	}

	/** Feeds the sentinel registry and the ledger (issue 9). */
	private static void observe(String method, String pathAndQuery, String credential, String body, Response response,
			boolean registerBody) {
		String path = pathAndQuery.split("\\?", 2)[0];
		JsonNode request = parseQuietly(body);
		if (registerBody && request != null && request.isObject()) {
			SENSITIVE_FIELDS.forEach(field -> {
				if (request.path(field).isTextual()) {
					Sentinels.register(request.path(field).asText());
				}
			});
		}
		JsonNode answer = parseQuietly(response.body());
		if (answer != null && answer.path("reply").isTextual()) {
			Sentinels.register(answer.path("reply").asText());
		}
		// A 202 (staff have the conversation) and a staff message also make one audit row
		// and one memory write each (issue 19).
		if ("POST".equals(method) && REPLY_PATH.equals(path)
				&& (response.status() == 200 || response.status() == 202)) {
			String conversationId = (request != null && request.path("conversationId").isTextual())
					? request.path("conversationId").asText() : null;
			Ledger.reply(credential, UUID.fromString(answer.path("exchangeId").asText()), conversationId);
		}
		Matcher staffMessage = STAFF_MESSAGES.matcher(path);
		if ("POST".equals(method) && staffMessage.matches() && response.status() == 201) {
			Ledger.reply(credential, UUID.fromString(answer.path("exchangeId").asText()), staffMessage.group(1));
		}
		if ("POST".equals(method) && MEMORY_PATH.equals(path) && response.status() == 202) {
			Ledger.memoryIngest(credential);
		}
		if ("DELETE".equals(method) && path.startsWith("/api/agent/leads/") && response.status() == 204) {
			Ledger.erasure(credential);
		}
		if ("POST".equals(method) && response.status() == 201 && answer != null && answer.path("key").isTextual()) {
			// A key created through the API: a secret for the log scan, and a credential
			// of its tenant.
			String key = Sentinels.register(answer.path("key").asText());
			Matcher platform = CLIENT_KEYS.matcher(path);
			if (platform.matches()) {
				Ledger.credential(key, UUID.fromString(platform.group(1)));
			}
			else if (path.startsWith("/api/agent/api-keys")) {
				Ledger.sameTenant(key, credential);
			}
		}
	}

	private static JsonNode parseQuietly(String text) {
		if (text == null || text.isEmpty()) {
			return null;
		}
		try {
			return JSON.readTree(text);
		}
		catch (JsonProcessingException ex) {
			return null;
		}
	}

	private HttpRequest.Builder builder(String path, String credential) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30));
		if (credential != null) {
			builder.header("Authorization", "Bearer " + credential);
		}
		return builder;
	}

	private Response send(HttpRequest.Builder builder) {
		try {
			HttpResponse<String> response = this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A response.
	 *
	 * @param status the HTTP status
	 * @param headers the headers
	 * @param body the body text
	 */
	public record Response(int status, java.net.http.HttpHeaders headers, String body) {

		public JsonNode json() {
			try {
				return JSON.readTree(this.body);
			}
			catch (JsonProcessingException ex) {
				throw new IllegalStateException("Not JSON: " + this.body, ex);
			}
		}

		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		public String contentType() {
			return header("Content-Type");
		}

	}

}
