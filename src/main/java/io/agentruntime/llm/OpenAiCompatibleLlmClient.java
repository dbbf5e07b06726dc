package io.agentruntime.llm;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.prompt.PromptBuilder;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat Completions over OkHttp for OpenRouter, OpenAI, vLLM, Ollama and other compatible servers
 * (contracts/openai-chat.md). Asks for the reply JSON schema (strict {@code json_schema}, downgraded
 * to {@code json_object} per model after an "unsupported" answer), parses and validates the output,
 * makes one repair attempt that shows the model its error, and tries the fallback models in order.
 * It never throws for upstream faults and never outlives the request's deadline.
 */
public final class OpenAiCompatibleLlmClient implements LlmClient {

	private static final Logger log = LoggerFactory.getLogger(OpenAiCompatibleLlmClient.class);

	private static final MediaType JSON_MEDIA = MediaType.get("application/json");

	/** Keeps a repair prompt small even when the model produced a wall of text. */
	private static final int MAX_ECHOED_OUTPUT_CHARS = 4000;

	private final OkHttpClient http;

	private final LlmProperties properties;

	private final ObjectMapper mapper;

	private final HttpUrl completionsUrl;

	private final HttpUrl modelsUrl;

	/** Models that answered "json_schema unsupported"; they get {@code json_object} from then on. */
	private final Set<String> jsonObjectOnly = ConcurrentHashMap.newKeySet();

	public OpenAiCompatibleLlmClient(OkHttpClient http, LlmProperties properties, ObjectMapper mapper) {
		this.http = http;
		this.properties = properties;
		this.mapper = mapper;
		HttpUrl base = HttpUrl.get(properties.baseUrl().toString());
		this.completionsUrl = base.newBuilder().addPathSegments("chat/completions").build();
		this.modelsUrl = base.newBuilder().addPathSegment("models").build();
	}

	@Override
	public LlmResult complete(LlmRequest request) {
		long started = System.nanoTime();
		Tally tally = new Tally();
		for (String model : modelsInOrder(request.model())) {
			if (!Instant.now().isBefore(request.deadline())) {
				break;
			}
			try {
				AgentReply reply = completeWith(model, request, tally);
				return tally.result(LlmResult.Outcome.OK, reply, model, started);
			}
			catch (InvalidOutput ex) {
				return tally.result(LlmResult.Outcome.INVALID_OUTPUT, null, null, started);
			}
			catch (LlmTransientException | LlmRejectedException ex) {
				log.warn("LLM model {} unavailable: {}", model, ex.getMessage());
			}
		}
		return tally.result(LlmResult.Outcome.UNAVAILABLE, null, null, started);
	}

	/** One model: a call, and when its output is invalid, one repair call showing the error. */
	private AgentReply completeWith(String model, LlmRequest request, Tally tally) {
		int maxTokens = (request.maxTokens() != null) ? request.maxTokens() : this.properties.maxTokens();
		Completion first = call(model, request.messages(), maxTokens, request.deadline(), tally);
		ReplyParser.Parsed parsed = first.parse();
		if (parsed.valid()) {
			return parsed.reply();
		}
		List<ChatMessage> repair = new ArrayList<>(request.messages());
		repair.add(ChatMessage.assistant(first.echo()));
		repair.add(ChatMessage.user("Your previous answer was invalid: " + parsed.error()
				+ " Answer again with only one JSON object that matches this JSON schema: " + PromptBuilder.REPLY_SCHEMA));
		ReplyParser.Parsed repaired = call(model, repair, maxTokens, request.deadline(), tally).parse();
		if (repaired.valid()) {
			return repaired.reply();
		}
		throw new InvalidOutput();
	}

	/** One HTTP call, with a single json_object retry when the model does not support json_schema. */
	private Completion call(String model, List<ChatMessage> messages, int maxTokens, Instant deadline, Tally tally) {
		try {
			return send(model, messages, maxTokens, deadline, tally);
		}
		catch (LlmRejectedException ex) {
			if ("json_schema_unsupported".equals(ex.reason()) && this.jsonObjectOnly.add(model)) {
				log.info("LLM model {} does not support json_schema; using json_object from now on", model);
				return send(model, messages, maxTokens, deadline, tally);
			}
			throw ex;
		}
	}

	private Completion send(String model, List<ChatMessage> messages, int maxTokens, Instant deadline, Tally tally) {
		Duration remaining = Duration.between(Instant.now(), deadline);
		if (remaining.isNegative() || remaining.isZero()) {
			throw new LlmTransientException(0, "deadline", null);
		}
		Duration timeout = (remaining.compareTo(this.properties.attemptTimeout()) < 0) ? remaining
				: this.properties.attemptTimeout();
		Request request = new Request.Builder().url(this.completionsUrl)
			.header("Accept", "application/json")
			.post(RequestBody.create(requestBody(model, messages, maxTokens), JSON_MEDIA))
			.build();
		tally.attempts++;
		OkHttpClient client = this.http.newBuilder().callTimeout(timeout).build();
		try (Response response = client.newCall(request).execute()) {
			String body = response.body().string();
			if (!response.isSuccessful()) {
				throw failure(response.code(), body, retryAfter(response));
			}
			return completion(body, tally);
		}
		catch (IOException ex) {
			throw new LlmTransientException(0, "io", null);
		}
	}

	/** The request body for this provider (contracts/openai-chat.md §1). */
	String requestBody(String model, List<ChatMessage> messages, int maxTokens) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("model", model);
		body.put("messages", messages);
		body.put("temperature", this.properties.temperature());
		body.put(this.properties.provider().maxTokensField(), maxTokens);
		if (this.jsonObjectOnly.contains(model)) {
			body.put("response_format", Map.of("type", "json_object"));
		}
		else {
			body.put("response_format", Map.of("type", "json_schema", "json_schema",
					Map.of("name", "agent_reply", "strict", true, "schema", replySchema())));
		}
		if (this.properties.provider() == LlmProvider.OPENROUTER) {
			body.put("provider", Map.of("require_parameters", true));
		}
		try {
			return this.mapper.writeValueAsString(body);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private JsonNode replySchema() {
		try {
			return this.mapper.readTree(PromptBuilder.REPLY_SCHEMA);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Reads a 200 body, which on OpenRouter may still carry an error (contracts §2.3). */
	private Completion completion(String body, Tally tally) {
		if (body.isBlank()) {
			throw new LlmTransientException(200, "empty_body", null);
		}
		JsonNode root;
		try {
			root = this.mapper.readTree(body);
		}
		catch (JsonProcessingException ex) {
			throw new LlmTransientException(200, "malformed_body", null);
		}
		tally.add(root.path("usage"));
		if (root.hasNonNull("error")) {
			throw failure(effectiveStatus(root.get("error")), root, null);
		}
		JsonNode choice = root.path("choices").path(0);
		if (choice.isMissingNode()) {
			throw new LlmTransientException(200, "empty_choices", null);
		}
		if (choice.hasNonNull("error")) {
			throw failure(effectiveStatus(choice.get("error")), root, null);
		}
		String finish = choice.path("finish_reason").asText("");
		if ("error".equals(finish) || "abort".equals(finish)) {
			throw new LlmTransientException(200, "finish_" + finish, null);
		}
		JsonNode message = choice.path("message");
		String content = text(message.get("content"));
		if ("stop".equals(finish) && (content == null || content.isBlank())) {
			String reasoning = (text(message.get("reasoning")) != null) ? text(message.get("reasoning"))
					: text(message.get("reasoning_content"));
			if (reasoning != null && ReplyParser.parse(reasoning).valid()) {
				content = reasoning;
			}
			else if (message.hasNonNull("refusal")) {
				return new Completion(null, "refusal");
			}
			else {
				throw new LlmTransientException(200, "empty_content", null);
			}
		}
		return new Completion(content, finish);
	}

	private static String text(JsonNode node) {
		return (node != null && node.isTextual()) ? node.asText() : null;
	}

	private static int effectiveStatus(JsonNode error) {
		JsonNode code = error.get("code");
		if (code != null && code.canConvertToInt() && code.asInt() >= 400 && code.asInt() < 600) {
			return code.asInt();
		}
		return 502;
	}

	/** Classifies a failure (contracts §3.2): transient (retry) or rejected (do not). */
	private RuntimeException failure(int status, Object body, Duration retryAfter) {
		JsonNode root = (body instanceof JsonNode node) ? node : parseLeniently((String) body);
		JsonNode error = root.path("error");
		String code = error.path("code").asText("") + " " + error.path("type").asText("");
		String message = error.isTextual() ? error.asText() : error.path("message").asText("");
		if (code.contains("insufficient_quota")) {
			return new LlmRejectedException(status, "insufficient_quota");
		}
		if ((status == 400 || status == 404) && unsupportedResponseFormat(message)) {
			return new LlmRejectedException(status, "json_schema_unsupported");
		}
		if (status == 408 || status == 409 || status == 429 || status >= 500) {
			return new LlmTransientException(status, "http_" + status, retryAfter);
		}
		return new LlmRejectedException(status, "http_" + status);
	}

	private static boolean unsupportedResponseFormat(String message) {
		String lower = message.toLowerCase(Locale.ROOT);
		return lower.contains("response_format") || lower.contains("json_schema")
				|| lower.contains("no endpoints found that can handle the requested parameters");
	}

	private JsonNode parseLeniently(String body) {
		try {
			JsonNode node = this.mapper.readTree(body);
			return (node != null) ? node : this.mapper.createObjectNode();
		}
		catch (JsonProcessingException ex) {
			return this.mapper.createObjectNode();
		}
	}

	/** {@code retry-after-ms}, then {@code Retry-After} in seconds or as an HTTP date. */
	static Duration retryAfter(Response response) {
		try {
			String millis = response.header("retry-after-ms");
			if (millis != null) {
				return Duration.ofMillis((long) Double.parseDouble(millis.trim()));
			}
			String value = response.header("Retry-After");
			if (value == null) {
				return null;
			}
			if (value.trim().matches("\\d+(\\.\\d+)?")) {
				return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
			}
			ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
			Duration wait = Duration.between(Instant.now(), at.toInstant());
			return wait.isNegative() ? Duration.ZERO : wait;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private List<String> modelsInOrder(String requested) {
		Set<String> models = new LinkedHashSet<>();
		models.add((requested != null) ? requested : this.properties.model());
		models.addAll(this.properties.fallbackModels());
		return new ArrayList<>(models);
	}

	@Override
	public boolean probe() {
		Request request = new Request.Builder().url(this.modelsUrl).get().build();
		try (Response response = this.http.newBuilder().callTimeout(Duration.ofSeconds(3)).build()
			.newCall(request)
			.execute()) {
			return response.isSuccessful();
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** The model's output and why it ended. */
	private record Completion(String text, String finishReason) {

		ReplyParser.Parsed parse() {
			if (!"stop".equals(this.finishReason)) {
				return new ReplyParser.Parsed(null, "The output ended with finish_reason " + this.finishReason
						+ "; give a shorter, complete JSON object.");
			}
			return ReplyParser.parse(this.text);
		}

		String echo() {
			if (this.text == null) {
				return "";
			}
			return (this.text.length() > MAX_ECHOED_OUTPUT_CHARS) ? this.text.substring(0, MAX_ECHOED_OUTPUT_CHARS)
					: this.text;
		}

	}

	/** Attempts and token usage over all calls of one request. */
	private static final class Tally {

		int attempts;

		Integer promptTokens;

		Integer completionTokens;

		void add(JsonNode usage) {
			if (usage.has("prompt_tokens")) {
				this.promptTokens = ((this.promptTokens != null) ? this.promptTokens : 0) + usage.get("prompt_tokens").asInt();
			}
			if (usage.has("completion_tokens")) {
				this.completionTokens = ((this.completionTokens != null) ? this.completionTokens : 0)
						+ usage.get("completion_tokens").asInt();
			}
		}

		LlmResult result(LlmResult.Outcome outcome, AgentReply reply, String model, long started) {
			return new LlmResult(outcome, reply, model, this.promptTokens, this.completionTokens, this.attempts,
					(System.nanoTime() - started) / 1_000_000);
		}

	}

	/** The output stayed invalid after the repair attempt. */
	private static final class InvalidOutput extends RuntimeException {

		InvalidOutput() {
			super(null, null, false, false);
		}

	}

}
