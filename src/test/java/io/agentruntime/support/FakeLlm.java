package io.agentruntime.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.simulator.PersonaSimulator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Headers;

/**
 * A protocol-faithful OpenAI-compatible upstream (contracts/openai-chat.md) on
 * MockWebServer. It answers {@code POST /v1/chat/completions} from a script of responses,
 * falling back to a simulator that writes plausible dealership replies and says it is a
 * simulator; {@code GET
 * /v1/models} lists models. Every request is recorded for assertions.
 */
public final class FakeLlm implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final MockWebServer server = new MockWebServer();

	private final Deque<MockResponse> script = new ConcurrentLinkedDeque<>();

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	private final AtomicInteger modelsCalls = new AtomicInteger();

	private volatile Gate gate;

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

	/**
	 * Queues responses for the next completion calls, in order; then the simulator
	 * answers again.
	 */
	public void enqueue(MockResponse... responses) {
		this.script.addAll(List.of(responses));
	}

	/** Forgets the script and the recorded calls, and lets any held call go. */
	public void reset() {
		this.script.clear();
		this.calls.clear();
		Gate gate = this.gate;
		this.gate = null;
		if (gate != null) {
			gate.open();
		}
	}

	/**
	 * Holds every completion call from now on until the returned gate opens (or
	 * {@link #reset()}), so a test can keep replies in flight without sleeping.
	 */
	public Gate hold() {
		Gate gate = new Gate();
		this.gate = gate;
		return gate;
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
			return json(404,
					"{\"error\":{\"message\":\"Not found\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
		}
		JsonNode body;
		try {
			body = JSON.readTree(request.getBody().utf8());
		}
		catch (JsonProcessingException ex) {
			return json(400,
					"{\"error\":{\"message\":\"We could not parse the JSON body of your request.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
		}
		this.calls.add(new Call(request.getHeaders(), body));
		String schemaError = strictSchemaError(body.path("response_format"));
		if (schemaError != null) {
			return json(400, write(Map.of("error", errorBody(schemaError))));
		}
		Gate gate = this.gate;
		if (gate != null) {
			gate.pass();
		}
		MockResponse scripted = this.script.poll();
		return (scripted != null) ? scripted : simulate(body);
	}

	/**
	 * OpenAI's check of a {@code strict} json_schema (contracts/openai-chat.md §4,
	 * [I15]): every object needs {@code additionalProperties: false} and all its keys in
	 * {@code required}, and length keywords are refused; else a 400 with param
	 * {@code response_format}. Null when the format passes or is not a strict schema.
	 */
	public static String strictSchemaError(JsonNode responseFormat) {
		if (!"json_schema".equals(responseFormat.path("type").asText())
				|| !responseFormat.path("json_schema").path("strict").asBoolean(false)) {
			return null;
		}
		String name = responseFormat.path("json_schema").path("name").asText();
		String problem = strictProblem(responseFormat.path("json_schema").path("schema"), "root");
		return (problem != null) ? "Invalid schema for response_format '" + name + "': " + problem : null;
	}

	private static String strictProblem(JsonNode schema, String context) {
		for (String keyword : List.of("minLength", "maxLength", "minItems", "maxItems")) {
			if (schema.has(keyword)) {
				return "In context=(" + context + "), '" + keyword + "' is not permitted.";
			}
		}
		JsonNode type = schema.path("type");
		boolean object = "object".equals(type.asText()) || (type.isArray() && type.toString().contains("\"object\""));
		if (object) {
			if (!schema.path("additionalProperties").isBoolean() || schema.path("additionalProperties").asBoolean()) {
				return "In context=(" + context
						+ "), 'additionalProperties' is required to be supplied and to be false.";
			}
			List<String> required = new ArrayList<>();
			schema.path("required").forEach(key -> required.add(key.asText()));
			for (java.util.Iterator<String> keys = schema.path("properties").fieldNames(); keys.hasNext();) {
				String key = keys.next();
				if (!required.contains(key)) {
					return "In context=(" + context + "), 'required' is required to be supplied and to be an array "
							+ "including every key in properties. Missing '" + key + "'.";
				}
				String nested = strictProblem(schema.path("properties").path(key),
						context + ", 'properties', '" + key + "'");
				if (nested != null) {
					return nested;
				}
			}
		}
		if (schema.has("items")) {
			return strictProblem(schema.path("items"), context + ", 'items'");
		}
		return null;
	}

	private static Map<String, Object> errorBody(String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", message);
		error.put("type", "invalid_request_error");
		error.put("param", "response_format");
		error.put("code", "invalid_json_schema");
		return error;
	}

	/**
	 * A dealership reply in the reply JSON schema that uses the persona, memory and
	 * history of the request: the try-it simulator's answer ({@link PersonaSimulator},
	 * the same code the stand-alone LLM simulator serves).
	 */
	static MockResponse simulate(JsonNode body) {
		PersonaSimulator.Answer answer = PersonaSimulator.answer(body);
		Sentinels.register(answer.reply());
		return completion(body.path("model").asText("simulator"), PersonaSimulator.replyObject(body, answer), "stop");
	}

	/**
	 * A valid reply with the hand-off and qualification fields of DESIGN §10, as a strict
	 * schema makes a model write them (every field present, {@code null} when unknown).
	 * @param handoff the {@code handoff} object, or {@code null}
	 * @param qualification the {@code qualification} object, or {@code null}
	 */
	public static MockResponse replyWith(String reply, Map<String, Object> handoff, Map<String, Object> qualification) {
		Map<String, Object> content = new LinkedHashMap<>();
		content.put("reply", reply);
		content.put("quickReplies", List.of());
		content.put("handoff", handoff);
		content.put("qualification", qualification);
		return completion("openai/gpt-4o-mini", content, "stop");
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
		registerReplyText(content);
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

	/** The reply text of a completion must never be logged: watch it (issue 9). */
	private static void registerReplyText(String content) {
		try {
			JsonNode parsed = JSON.readTree(content);
			Sentinels.register(
					(parsed != null && parsed.path("reply").isTextual()) ? parsed.path("reply").asText() : content);
		}
		catch (JsonProcessingException ex) {
			Sentinels.register(content);
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

	// ---------------------------------------------------------------------------------------------
	// The fake-server checklist of contracts/openai-chat.md §6, one factory per item.
	// Bodies are
	// copied from the dialects of §2 and §3.1 so the client meets what real providers
	// send.
	// ---------------------------------------------------------------------------------------------

	/** The reply JSON our schema asks for, as text. */
	public static String replyJson(String reply, String... quickReplies) {
		try {
			return JSON.writeValueAsString(Map.of("reply", reply, "quickReplies", List.of(quickReplies)));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** §6.1: a valid reply from this model, OpenAI flavour. */
	public static MockResponse replyFrom(String model, String reply, String... quickReplies) {
		return completionText(model, replyJson(reply, quickReplies), "stop");
	}

	/**
	 * §6.1: OpenRouter flavour: {@code gen-} id, {@code provider},
	 * {@code native_finish_reason}, {@code usage.cost}.
	 */
	public static MockResponse openRouterReply(String model, String reply, String... quickReplies) {
		Map<String, Object> choice = choice(message(replyJson(reply, quickReplies)), "stop");
		choice.put("native_finish_reason", "stop");
		Map<String, Object> body = body(model, List.of(choice));
		body.put("id", "gen-1747-fake");
		body.put("provider", "OpenAI");
		body.put("usage",
				Map.of("prompt_tokens", 120, "completion_tokens", 30, "total_tokens", 150, "cost", 0.000021, "is_byok",
						false, "prompt_tokens_details", Map.of("cached_tokens", 0), "completion_tokens_details",
						Map.of("reasoning_tokens", 0)));
		return json(200, write(body));
	}

	/** §6.2: the reply inside a Markdown code fence. */
	public static MockResponse fencedReply(String model, String reply) {
		return completionText(model, "```json\n" + replyJson(reply) + "\n```", "stop");
	}

	/** §6.2: prose before and after the reply JSON. */
	public static MockResponse replyInProse(String model, String reply) {
		return completionText(model,
				"Here is the data you asked for: " + replyJson(reply) + " Let me know if you need more!", "stop");
	}

	/** §6.2: a {@code <think>} block (holding a draft JSON) before the reply JSON. */
	public static MockResponse replyAfterThinking(String model, String reply) {
		return completionText(model, "<think>The lead wants a truck. Draft: " + replyJson("draft answer")
				+ " Better to offer a test drive.</think>\n" + replyJson(reply), "stop");
	}

	/** §5: a byte-order mark before the reply JSON. */
	public static MockResponse replyWithBom(String model, String reply) {
		return completionText(model, "\uFEFF" + replyJson(reply), "stop");
	}

	/** §6.3: {@code finish_reason: length} with half a JSON object. */
	public static MockResponse truncated(String model) {
		return completionText(model, "{\"reply\": \"Yes, the red F-150 is still in stock and we could", "length");
	}

	/** §6.3: {@code length} with empty content: the reasoning spent the whole budget. */
	public static MockResponse reasoningExhausted(String model) {
		Map<String, Object> message = message("");
		message.put("reasoning", "Let me think about the dealership's inventory. ".repeat(200));
		return json(200, write(body(model, List.of(choice(message, "length")))));
	}

	/**
	 * §5: content null and the reply JSON in {@code message.reasoning} with {@code stop}
	 * (OpenRouter reasoning model).
	 */
	public static MockResponse replyInReasoning(String model, String reply) {
		Map<String, Object> message = message(null);
		message.put("reasoning", replyJson(reply));
		return json(200, write(body(model, List.of(choice(message, "stop")))));
	}

	/** §6.4: {@code content: null} with a {@code refusal}. */
	public static MockResponse refusal(String model) {
		Map<String, Object> message = message(null);
		message.put("refusal", "I'm sorry, I can't help with that request.");
		return json(200, write(body(model, List.of(choice(message, "stop")))));
	}

	/** §6.4: {@code finish_reason: content_filter}, content withheld. */
	public static MockResponse contentFiltered(String model) {
		return json(200, write(body(model, List.of(choice(message(null), "content_filter")))));
	}

	/**
	 * §6.5: HTTP 200 with a top-level {@code error} and no choices (OpenRouter,
	 * reported).
	 */
	public static MockResponse errorIn200(int code) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", "gen-1747-err");
		body.put("object", "chat.completion");
		body.put("error", Map.of("code", code, "message", "Provider returned error", "metadata",
				Map.of("raw", "upstream overloaded", "provider_name", "Fake")));
		body.put("usage", Map.of("prompt_tokens", 0, "completion_tokens", 0, "total_tokens", 0));
		return json(200, write(body));
	}

	/**
	 * §3.1: HTTP 200 with an OpenRouter availability error in the newer shape: no
	 * {@code code}, but {@code http_status} and {@code availability.retry_after}
	 * (seconds) inside {@code error}.
	 */
	public static MockResponse availabilityErrorIn200(int httpStatus, double retryAfterSeconds) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", "gen-1747-avail");
		body.put("error",
				Map.of("message", "Model temporarily unavailable", "error_type", "provider_unavailable", "http_status",
						httpStatus, "availability",
						Map.of("code", "provider_unavailable", "retryable", true, "retry_after", retryAfterSeconds)));
		return json(200, write(body));
	}

	/**
	 * §6.5: HTTP 200 with {@code choices[0].finish_reason: error} and
	 * {@code choices[0].error}, partial content.
	 */
	public static MockResponse choiceError(String model, int code) {
		Map<String, Object> choice = choice(message("{\"reply\": \"Yes, we"), "error");
		choice.put("native_finish_reason", "error");
		choice.put("error", Map.of("code", code, "message", "Upstream error mid-generation", "metadata",
				Map.of("error_type", "provider_error")));
		return json(200, write(body(model, List.of(choice))));
	}

	/**
	 * §6.6: a 200 whose body starts with many newlines before the JSON (slow OpenRouter
	 * calls, reported).
	 */
	public static MockResponse leadingNewlines(String model, String reply) {
		String body = write(body(model, List.of(choice(message(replyJson(reply)), "stop"))));
		return json(200, "\n".repeat(300) + body);
	}

	/** §6.6: a 200 with a whitespace-only body, then the connection closes. */
	public static MockResponse whitespaceThenClose() {
		return new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.body("\n\n\n\n\n\n")
			.onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE)
			.build();
	}

	/**
	 * §6.7: OpenAI 400 — json_object needs the word "json" in the messages (param
	 * messages, code null).
	 */
	public static MockResponse openAiNeedsJsonWord() {
		return json(400,
				"{\"error\":{\"message\":\"'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.\",\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":null}}");
	}

	/** §6.7: OpenAI 400 — json_schema not supported by this model. */
	public static MockResponse jsonSchemaUnsupported() {
		return json(400,
				"{\"error\":{\"message\":\"Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.\",\"type\":\"invalid_request_error\",\"param\":\"response_format\",\"code\":null}}");
	}

	/** §6.7: OpenRouter 400 — the {@code models} array is capped at three. */
	public static MockResponse openRouterModelsArrayTooLong() {
		return json(400,
				"{\"error\":{\"code\":400,\"message\":\"'models' array must have 3 items or fewer\",\"metadata\":{}},\"user_id\":\"user_fake\"}");
	}

	/**
	 * §6.7: OpenRouter 404 — no endpoint supports every parameter under
	 * {@code require_parameters}.
	 */
	public static MockResponse openRouterNoEndpoints() {
		return json(404,
				"{\"error\":{\"message\":\"No endpoints found that can handle the requested parameters.\",\"code\":404,\"metadata\":{\"availability\":{\"code\":\"constraint_filtered\",\"retryable\":false,\"excluded_by\":[\"require_parameters\"]}}}}");
	}

	/** §6.8: 401 in OpenAI's dialect. */
	public static MockResponse unauthorizedOpenAi() {
		return json(401,
				"{\"error\":{\"message\":\"Incorrect API key provided: sk-***. You can find your API key at https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
	}

	/** §6.8: 401 in OpenRouter's dialect. */
	public static MockResponse unauthorizedOpenRouter() {
		return json(401, "{\"error\":{\"code\":401,\"message\":\"No auth credentials found\"}}");
	}

	/** §6.8: vLLM's 401, whose {@code error} is a plain string. */
	public static MockResponse unauthorizedVllm() {
		return json(401, "{\"error\":\"Unauthorized\"}");
	}

	/** §6.8: OpenRouter 402 — out of credits. */
	public static MockResponse paymentRequired() {
		return json(402,
				"{\"error\":{\"message\":\"This request requires more credits, or fewer max_tokens. You requested up to 700 tokens, but can only afford 40.\",\"code\":402,\"metadata\":{\"provider_name\":null}},\"user_id\":\"user_fake\"}");
	}

	/**
	 * §6.8: OpenRouter 403 — moderation flagged the input, with {@code metadata.reasons}.
	 */
	public static MockResponse moderationBlocked() {
		return json(403,
				"{\"error\":{\"code\":403,\"message\":\"openai/gpt-4o-mini requires moderation on OpenAI. Your input was flagged for \\\"harassment\\\".\",\"metadata\":{\"reasons\":[\"harassment\"],\"flagged_input\":\"...\",\"provider_name\":\"OpenAI\",\"model_slug\":\"openai/gpt-4o-mini\"}}}");
	}

	/**
	 * §6.9: 429 with {@code Retry-After} in whole seconds (OpenRouter dialect, with its
	 * rate-limit headers).
	 */
	public static MockResponse rateLimited(long retryAfterSeconds) {
		return new MockResponse.Builder().code(429)
			.addHeader("Content-Type", "application/json")
			.addHeader("Retry-After", retryAfterSeconds)
			.addHeader("X-RateLimit-Limit", "20")
			.addHeader("X-RateLimit-Remaining", "0")
			.addHeader("X-RateLimit-Reset", System.currentTimeMillis() + retryAfterSeconds * 1000)
			.body("{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: limit_rpm/openai/gpt-4o-mini\",\"metadata\":{}}}")
			.build();
	}

	/** §3.2: 429 with OpenAI's {@code retry-after-ms} hint. */
	public static MockResponse rateLimitedMillis(long retryAfterMillis) {
		return new MockResponse.Builder().code(429)
			.addHeader("Content-Type", "application/json")
			.addHeader("retry-after-ms", retryAfterMillis)
			.body("{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}")
			.build();
	}

	/** §6.9: OpenAI 429 {@code insufficient_quota}: no amount of waiting helps. */
	public static MockResponse insufficientQuota() {
		return json(429,
				"{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and billing details.\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}");
	}

	/** §6.9: 503 with {@code Retry-After} in seconds. */
	public static MockResponse unavailable(long retryAfterSeconds) {
		return new MockResponse.Builder().code(503)
			.addHeader("Content-Type", "application/json")
			.addHeader("Retry-After", retryAfterSeconds)
			.body("{\"error\":{\"code\":503,\"message\":\"No instances available\",\"metadata\":{}}}")
			.build();
	}

	/**
	 * §6.9: a server error without any hint: 500, 502, 503, 529 (OpenRouter dialect), or
	 * 408.
	 */
	public static MockResponse serverError(int status) {
		return json(status,
				"{\"error\":{\"code\":" + status + ",\"message\":\"Provider returned error\",\"metadata\":{}}}");
	}

	/** §6.10: an HTML 502 page from a CDN. */
	public static MockResponse htmlBadGateway() {
		return new MockResponse.Builder().code(502)
			.addHeader("Content-Type", "text/html")
			.body("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n")
			.build();
	}

	/** §6.10: the connection drops half way through a 200 body. */
	public static MockResponse resetMidBody(String model) {
		String body = write(body(model,
				List.of(choice(message(replyJson("This reply never arrives whole. ".repeat(20))), "stop"))));
		return new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.body(body)
			.onResponseBody(new SocketEffect.CloseSocket())
			.build();
	}

	/** §6.11: the flat error body of vLLM before v0.10.1. */
	public static MockResponse vllmFlatError() {
		return json(404,
				"{\"object\":\"error\",\"message\":\"The model `openai/gpt-4o-mini` does not exist.\",\"type\":\"NotFoundError\",\"param\":null,\"code\":404}");
	}

	/** §6.11: Ollama's error body, {@code code: null}. */
	public static MockResponse ollamaModelNotFound() {
		return json(404,
				"{\"error\":{\"message\":\"model 'llama9' not found\",\"type\":\"not_found_error\",\"param\":null,\"code\":null}}");
	}

	/**
	 * §6.11: a vLLM 400 in the nested dialect whose {@code code} is the integer status.
	 */
	public static MockResponse vllmContextTooLong() {
		return json(400,
				"{\"error\":{\"message\":\"This model's maximum context length is 32768 tokens. However, you requested 39197 tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}");
	}

	private static Map<String, Object> message(String content) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "assistant");
		message.put("content", content);
		message.put("refusal", null);
		return message;
	}

	private static Map<String, Object> choice(Map<String, Object> message, String finishReason) {
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("message", message);
		choice.put("logprobs", null);
		choice.put("finish_reason", finishReason);
		return choice;
	}

	private static Map<String, Object> body(String model, List<Map<String, Object>> choices) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", "chatcmpl-fake");
		body.put("object", "chat.completion");
		body.put("created", System.currentTimeMillis() / 1000);
		body.put("model", model);
		body.put("choices", choices);
		body.put("usage", Map.of("prompt_tokens", 120, "completion_tokens", 30, "total_tokens", 150));
		return body;
	}

	private static String write(Object value) {
		try {
			return JSON.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
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

		/** The model asked for. */
		public String model() {
			return this.body.path("model").asText();
		}

		/** A request header, or {@code null}. */
		public String header(String name) {
			return this.headers.get(name);
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

	/**
	 * Completion calls held by {@link FakeLlm#hold()}: count them as they arrive, then
	 * let them go.
	 */
	public static final class Gate {

		private final Semaphore arrived = new Semaphore(0);

		private final CountDownLatch opened = new CountDownLatch(1);

		/** Waits until this many calls are held; false after the timeout. */
		public boolean awaitHeld(int calls, Duration timeout) throws InterruptedException {
			return this.arrived.tryAcquire(calls, timeout.toMillis(), TimeUnit.MILLISECONDS);
		}

		/** Lets every held call, and every later one, answer. */
		public void open() {
			this.opened.countDown();
		}

		private void pass() {
			this.arrived.release();
			try {
				// Bounded, so a test that forgets to open the gate cannot wedge the
				// server for the next one.
				this.opened.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
