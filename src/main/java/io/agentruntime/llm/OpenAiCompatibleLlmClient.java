package io.agentruntime.llm;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.prompt.PromptBuilder;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat Completions over OkHttp for OpenRouter, OpenAI, vLLM, Ollama and other compatible
 * servers (contracts/openai-chat.md). Asks for the reply JSON schema (strict
 * {@code json_schema}, downgraded to {@code json_object} per model after an "unsupported"
 * answer), parses and validates the output, makes one repair attempt that shows the model
 * its error, and tries the fallback models in order. It never throws for upstream faults
 * and never outlives the request's deadline.
 */
public final class OpenAiCompatibleLlmClient implements LlmClient {

	private static final Logger log = LoggerFactory.getLogger(OpenAiCompatibleLlmClient.class);

	private static final MediaType JSON_MEDIA = MediaType.get("application/json");

	/** {@code response_format} for models without json_schema support. */
	private static final Map<String, Object> JSON_OBJECT_FORMAT = Map.of("type", "json_object");

	/** Circuit breaker instances are named {@code llm-<model>}. */
	public static final String BREAKER_PREFIX = "llm-";

	/** The bulkhead (and retry) instance name. */
	public static final String BULKHEAD_NAME = "llm";

	/** Less time than this left before the deadline is not worth another attempt. */
	private static final Duration MIN_ATTEMPT_TIME = Duration.ofMillis(100);

	/** Keeps a repair prompt small even when the model produced a wall of text. */
	private static final int MAX_ECHOED_OUTPUT_CHARS = 4000;

	private final OkHttpClient http;

	private final LlmProperties properties;

	private final ObjectMapper mapper;

	private final HttpUrl completionsUrl;

	private final HttpUrl modelsUrl;

	/**
	 * {@code response_format} with the reply JSON schema, parsed once: parsing it for
	 * every call was measurable on the reply path (issue 8 profile).
	 */
	private final Map<String, Object> jsonSchemaFormat;

	/**
	 * Models that answered "json_schema unsupported"; they get {@code json_object} from
	 * then on.
	 */
	private final Set<String> jsonObjectOnly = ConcurrentHashMap.newKeySet();

	private final CircuitBreakerRegistry breakers;

	private final CircuitBreakerConfig breakerConfig;

	private final Bulkhead bulkhead;

	private final GenAiMetrics metrics;

	/**
	 * Creates the client.
	 * @param http the upstream's OkHttp client (auth and attribution headers added by
	 * interceptors)
	 * @param properties {@code agent.llm.*}
	 * @param mapper JSON mapper
	 * @param breakers where the per-model circuit breakers live (and get their metrics)
	 * @param bulkheads where the shared bulkhead lives (and gets its metrics)
	 * @param meters where the GenAI metrics go
	 */
	public OpenAiCompatibleLlmClient(OkHttpClient http, LlmProperties properties, ObjectMapper mapper,
			CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads, MeterRegistry meters) {
		this.http = http;
		this.properties = properties;
		this.mapper = mapper;
		HttpUrl base = HttpUrl.get(properties.baseUrl().toString());
		this.completionsUrl = base.newBuilder().addPathSegments("chat/completions").build();
		this.modelsUrl = base.newBuilder().addPathSegment("models").build();
		try {
			this.jsonSchemaFormat = Map.of("type", "json_schema", "json_schema", Map.of("name", "agent_reply", "strict",
					true, "schema", mapper.readTree(PromptBuilder.REPLY_SCHEMA)));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
		this.breakers = breakers;
		LlmProperties.BreakerSettings breaker = properties.circuitBreaker();
		this.breakerConfig = CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(breaker.slidingWindowSize())
			.minimumNumberOfCalls(breaker.minimumNumberOfCalls())
			.failureRateThreshold(breaker.failureRateThreshold())
			.waitDurationInOpenState(breaker.waitDurationInOpenState())
			.permittedNumberOfCallsInHalfOpenState(breaker.permittedCallsInHalfOpenState())
			// Only upstream trouble counts; a rejected request (401, 400, quota) says
			// nothing about health.
			.recordExceptions(LlmTransientException.class)
			.ignoreExceptions(LlmRejectedException.class, BulkheadFullException.class, DeadlineReached.class)
			.build();
		LlmProperties.BulkheadSettings limits = properties.bulkhead();
		this.bulkhead = bulkheads.bulkhead(BULKHEAD_NAME,
				BulkheadConfig.custom()
					.maxConcurrentCalls(limits.maxConcurrentCalls())
					.maxWaitDuration(limits.maxWait())
					.build());
		this.metrics = new GenAiMetrics(meters, properties.provider(), properties.permittedModels());
	}

	/** The circuit breaker of a model, e.g. for the health check. */
	public CircuitBreaker circuitBreaker(String model) {
		return this.breakers.circuitBreaker(BREAKER_PREFIX + model, this.breakerConfig);
	}

	@Override
	public LlmResult complete(LlmRequest request) {
		long started = System.nanoTime();
		Tally tally = new Tally();
		// Fallback models are tried by us, in order, not by the upstream (DESIGN §6), so
		// that the result, the audit row and the metrics name the model that actually
		// answered.
		for (String model : modelsInOrder(request.model())) {
			if (!timeLeft(request.deadline())) {
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
			catch (CallNotPermittedException ex) {
				log.warn("LLM model {} skipped: circuit breaker open", model);
			}
			catch (BulkheadFullException ex) {
				log.warn("LLM model {} skipped: too many concurrent LLM calls", model);
			}
			catch (DeadlineReached ex) {
				break;
			}
		}
		return tally.result(LlmResult.Outcome.UNAVAILABLE, null, null, started);
	}

	/**
	 * One model: a call, and when its output is invalid, one repair call showing the
	 * error.
	 */
	private AgentReply completeWith(String model, LlmRequest request, Tally tally) {
		int maxTokens = (request.maxTokens() != null) ? request.maxTokens() : this.properties.maxTokens();
		Completion first = call(model, request.messages(), maxTokens, request.deadline(), tally);
		if (first.blocked()) {
			// A refusal or a content filter will not change on a re-ask (contracts §2.2,
			// §5).
			throw new InvalidOutput();
		}
		ReplyParser.Parsed parsed = first.parse();
		if (parsed.valid()) {
			return parsed.reply();
		}
		List<ChatMessage> repair = new ArrayList<>(request.messages());
		repair.add(ChatMessage.assistant(first.echo()));
		repair.add(ChatMessage.user("Your previous answer was invalid: " + parsed.error()
				+ " Answer again with only one JSON object that matches this JSON schema: "
				+ PromptBuilder.REPLY_SCHEMA));
		ReplyParser.Parsed repaired = call(model, repair, maxTokens, request.deadline(), tally).parse();
		if (repaired.valid()) {
			return repaired.reply();
		}
		throw new InvalidOutput();
	}

	/**
	 * One resilient call, again with {@code json_object} once when the model does not
	 * support json_schema.
	 */
	private Completion call(String model, List<ChatMessage> messages, int maxTokens, Instant deadline, Tally tally) {
		try {
			return resilientCall(model, messages, maxTokens, deadline, tally);
		}
		catch (LlmRejectedException ex) {
			if ("json_schema_unsupported".equals(ex.reason()) && this.jsonObjectOnly.add(model)) {
				log.info("LLM model {} does not support json_schema; using json_object from now on", model);
				return resilientCall(model, messages, maxTokens, deadline, tally);
			}
			throw ex;
		}
	}

	/**
	 * The one place where resilience is composed (DESIGN §6, STYLE 10), for one call to
	 * one model: <pre>
	 * Retry( deadline guard( CircuitBreaker[model]( Bulkhead( HTTP call ))))
	 * </pre>
	 * <ul>
	 * <li>Retry: only {@link LlmTransientException}, at most
	 * {@code agent.llm.retry.max-retries} times, waiting the upstream's
	 * {@code Retry-After} when it fits the deadline (else this model is given up, so the
	 * next fallback model still gets time) or an exponential back-off with jitter, never
	 * past the deadline. Rejections, an open breaker and a full bulkhead are not
	 * retried.</li>
	 * <li>Deadline guard: no new attempt once the reply deadline has passed; it sits
	 * outside the breaker so running out of time never counts against a model's
	 * health.</li>
	 * <li>CircuitBreaker: one per model ({@value #BREAKER_PREFIX}{@code <model>}),
	 * counting only transient failures; while open, the model is skipped without a
	 * call.</li>
	 * <li>Bulkhead: a semaphore shared by all LLM calls of this instance.</li>
	 * <li>HTTP call: OkHttp with a call timeout of the attempt timeout, cut to the time
	 * left.</li>
	 * </ul>
	 */
	private Completion resilientCall(String model, List<ChatMessage> messages, int maxTokens, Instant deadline,
			Tally tally) {
		CheckedSupplier<Completion> http = () -> send(model, messages, maxTokens, deadline, tally);
		CheckedSupplier<Completion> bulkheaded = Bulkhead.decorateCheckedSupplier(this.bulkhead, http);
		CheckedSupplier<Completion> guarded = CircuitBreaker.decorateCheckedSupplier(
				this.breakers.circuitBreaker(BREAKER_PREFIX + model, this.breakerConfig), bulkheaded);
		CheckedSupplier<Completion> inTime = () -> {
			if (!timeLeft(deadline)) {
				throw new DeadlineReached();
			}
			return guarded.get();
		};
		Retry retry = Retry.of(BULKHEAD_NAME, retryConfig(deadline));
		try {
			return Retry.decorateCheckedSupplier(retry, inTime).get();
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The retry policy of one request: its deadline decides which waits are worth it. */
	private RetryConfig retryConfig(Instant deadline) {
		LlmProperties.RetrySettings settings = this.properties.retry();
		return RetryConfig.<Completion>custom()
			.maxAttempts(settings.maxRetries() + 1)
			.retryOnException(ex -> ex instanceof LlmTransientException failure && worthRetrying(failure, deadline))
			.intervalBiFunction((attempt, outcome) -> backoff(attempt, outcome.getLeft(), deadline).toMillis())
			.build();
	}

	/**
	 * Whether another attempt can still help: a {@code Retry-After} above the cap
	 * (openai-python does not retry then) or one that does not fit before the deadline
	 * gives this model up.
	 */
	private boolean worthRetrying(LlmTransientException ex, Instant deadline) {
		Duration hint = ex.retryAfter();
		if (hint != null && hint.compareTo(this.properties.retry().maxRetryAfter()) > 0) {
			return false;
		}
		Duration wait = (hint != null && isPositive(hint)) ? hint : Duration.ZERO;
		return Instant.now().plus(wait).plus(MIN_ATTEMPT_TIME).isBefore(deadline);
	}

	/**
	 * The wait before retry number {@code attempt}: the upstream's hint, else exponential
	 * with jitter.
	 */
	private Duration backoff(int attempt, Throwable failure, Instant deadline) {
		Duration hint = (failure instanceof LlmTransientException ex) ? ex.retryAfter() : null;
		Duration wait;
		if (hint != null && isPositive(hint)) {
			wait = hint;
		}
		else {
			LlmProperties.RetrySettings settings = this.properties.retry();
			double millis = Math.min(settings.maxBackoff().toMillis(),
					settings.initialBackoff().toMillis() * Math.pow(settings.multiplier(), attempt - 1));
			wait = Duration
				.ofMillis((long) (millis * (1 - settings.jitter() * ThreadLocalRandom.current().nextDouble())));
		}
		Duration room = Duration.between(Instant.now(), deadline).minus(MIN_ATTEMPT_TIME);
		return (wait.compareTo(room) > 0) ? (room.isNegative() ? Duration.ZERO : room) : wait;
	}

	private static boolean isPositive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	private static boolean timeLeft(Instant deadline) {
		return Instant.now().isBefore(deadline);
	}

	/** One HTTP call, measured for the GenAI metrics. */
	private Completion send(String model, List<ChatMessage> messages, int maxTokens, Instant deadline, Tally tally) {
		Duration remaining = Duration.between(Instant.now(), deadline);
		if (!isPositive(remaining)) {
			throw new DeadlineReached();
		}
		Duration timeout = (remaining.compareTo(this.properties.attemptTimeout()) < 0) ? remaining
				: this.properties.attemptTimeout();
		Request request = new Request.Builder().url(this.completionsUrl)
			.header("Accept", "application/json")
			.post(RequestBody.create(requestBody(model, messages, maxTokens), JSON_MEDIA))
			.build();
		tally.attempts++;
		long started = System.nanoTime();
		Completion completion = null;
		String errorType = null;
		try (Response response = execute(request, timeout)) {
			String body = response.body().string();
			if (!response.isSuccessful()) {
				throw UpstreamErrors.classify(response.code(), UpstreamErrors.parseLeniently(this.mapper, body),
						UpstreamErrors.retryAfter(response));
			}
			completion = completion(body, tally);
			return completion;
		}
		catch (IOException ex) {
			errorType = (ex instanceof InterruptedIOException) ? "timeout" : "io";
			throw new LlmTransientException(0, errorType, null);
		}
		catch (LlmTransientException ex) {
			errorType = ex.reason();
			throw ex;
		}
		catch (LlmRejectedException ex) {
			errorType = ex.reason();
			throw ex;
		}
		finally {
			this.metrics.record(model, (completion != null) ? completion.responseModel() : null,
					(completion != null) ? completion.inputTokens() : null,
					(completion != null) ? completion.outputTokens() : null, errorType, System.nanoTime() - started);
		}
	}

	/**
	 * One call on the shared client with its own call timeout. {@code call.timeout()}
	 * rather than {@code http.newBuilder().callTimeout(..).build()}: a client per call
	 * costs a builder copy and allocation on every attempt for nothing (issue 8 profile).
	 */
	private Response execute(Request request, Duration timeout) throws IOException {
		Call call = this.http.newCall(request);
		call.timeout().timeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
		return call.execute();
	}

	/** The request body for this provider (contracts/openai-chat.md §1). */
	String requestBody(String model, List<ChatMessage> messages, int maxTokens) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("model", model);
		body.put("messages", messages);
		body.put("temperature", this.properties.temperature());
		body.put(this.properties.provider().maxTokensField(), maxTokens);
		body.put("response_format", this.jsonObjectOnly.contains(model) ? JSON_OBJECT_FORMAT : this.jsonSchemaFormat);
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

	/**
	 * Reads a 200 body, which on OpenRouter may still carry an error (contracts §2.3,
	 * §5).
	 */
	private Completion completion(String body, Tally tally) {
		// OpenRouter may commit the 200 early and trickle newlines, then close (contracts
		// §2.3.3).
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
		JsonNode usage = root.path("usage");
		tally.add(usage);
		if (root.hasNonNull("error")) {
			throw UpstreamErrors.classify(UpstreamErrors.effectiveStatus(root.get("error")), root,
					UpstreamErrors.availabilityRetryAfter(root.get("error")));
		}
		JsonNode choice = root.path("choices").path(0);
		if (choice.isMissingNode()) {
			throw new LlmTransientException(200, "empty_choices", null);
		}
		if (choice.hasNonNull("error")) {
			throw UpstreamErrors.classify(UpstreamErrors.effectiveStatus(choice.get("error")), choice,
					UpstreamErrors.availabilityRetryAfter(choice.get("error")));
		}
		String finish = choice.path("finish_reason").asText("");
		if ("error".equals(finish) || "abort".equals(finish)) {
			throw new LlmTransientException(200, "finish_" + finish, null);
		}
		JsonNode message = choice.path("message");
		String content = text(message.get("content"));
		String model = text(root.get("model"));
		Integer input = usage.path("prompt_tokens").canConvertToInt() ? usage.get("prompt_tokens").asInt() : null;
		Integer output = usage.path("completion_tokens").canConvertToInt() ? usage.get("completion_tokens").asInt()
				: null;
		if (message.hasNonNull("refusal") && (content == null || content.isBlank())) {
			return new Completion(null, "refusal", model, input, output);
		}
		if ("stop".equals(finish) && (content == null || content.isBlank())) {
			// Reasoning models on OpenRouter/vLLM/Ollama may put the JSON in the
			// reasoning field (contracts §5).
			String reasoning = (text(message.get("reasoning")) != null) ? text(message.get("reasoning"))
					: text(message.get("reasoning_content"));
			if (reasoning == null || !ReplyParser.parse(reasoning).valid()) {
				throw new LlmTransientException(200, "empty_content", null);
			}
			content = reasoning;
		}
		return new Completion(content, finish, model, input, output);
	}

	private static String text(JsonNode node) {
		return (node != null && node.isTextual()) ? node.asText() : null;
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
		try (Response response = execute(request, Duration.ofSeconds(3))) {
			return response.isSuccessful();
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The model's output and why it ended.
	 *
	 * @param text the content (or the reasoning that held the JSON)
	 * @param finishReason {@code stop}, {@code length}, … or {@code refusal} for a
	 * refusal message
	 * @param responseModel the model the upstream says answered
	 * @param inputTokens prompt tokens of this call, or {@code null}
	 * @param outputTokens completion tokens of this call, or {@code null}
	 */
	private record Completion(String text, String finishReason, String responseModel, Integer inputTokens,
			Integer outputTokens) {

		/**
		 * A refusal or withheld content: not the model's fault to repair (contracts
		 * §2.2).
		 */
		boolean blocked() {
			return "refusal".equals(this.finishReason) || "content_filter".equals(this.finishReason);
		}

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
				this.promptTokens = ((this.promptTokens != null) ? this.promptTokens : 0)
						+ usage.get("prompt_tokens").asInt();
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

	/** The reply deadline passed: no further attempt or model. */
	private static final class DeadlineReached extends RuntimeException {

		DeadlineReached() {
			super(null, null, false, false);
		}

	}

	/** The output stayed invalid after the repair attempt. */
	private static final class InvalidOutput extends RuntimeException {

		InvalidOutput() {
			super(null, null, false, false);
		}

	}

}
