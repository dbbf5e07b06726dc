package io.agentruntime.llm;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.agentruntime.prompt.PromptBuilder;
import io.agentruntime.web.CallDeadlines;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The Chat Completions endpoint of an OpenAI-compatible server over OkHttp
 * (contracts/openai-chat.md): builds the typed request with the provider's quirks, makes
 * exactly one HTTP call, and turns every failure into {@link LlmTransientException}
 * (worth retrying) or {@link LlmRejectedException} (not), including OpenRouter's HTTP-200
 * error bodies. No retries, no fallback, no parsing of the reply JSON: those belong to
 * {@link LlmResilience} and {@link ModelLoop}. Auth and attribution headers come from the
 * OkHttp client's interceptors ({@link LlmConfiguration#httpClient}).
 */
final class ChatCompletionsApi {

	private static final MediaType JSON_MEDIA = MediaType.get("application/json");

	/** The name of our response schema as the model sees it. */
	private static final String SCHEMA_NAME = "agent_reply";

	private final Call.Factory http;

	private final CallDeadlines deadlines;

	private final ObjectMapper mapper;

	/**
	 * Reader and writer of the wire records, made once: building the record
	 * (de)serializers on the first call cost a cold instance seconds of its first reply
	 * deadline on a loaded machine.
	 */
	private final ObjectReader responseReader;

	private final ObjectWriter requestWriter;

	private final LlmProvider provider;

	private final double temperature;

	private final HttpUrl completionsUrl;

	private final HttpUrl modelsUrl;

	/**
	 * {@code response_format} with the reply JSON schema, parsed once: parsing it for
	 * every call was measurable on the reply path (issue 8 profile).
	 */
	private final ChatCompletionRequest.ResponseFormat replySchemaFormat;

	/**
	 * Creates the API.
	 * @param http the upstream's OkHttp client
	 * @param properties {@code agent.llm.*}: base URL, provider, temperature
	 * @param mapper JSON mapper
	 */
	ChatCompletionsApi(Call.Factory http, LlmProperties properties, ObjectMapper mapper) {
		this(http, CallDeadlines.SHARED, properties, mapper);
	}

	/**
	 * Creates the API with its own timer of call deadlines (tests).
	 * @param http the upstream's OkHttp client
	 * @param deadlines ends each call at its timeout
	 * @param properties {@code agent.llm.*}: base URL, provider, temperature
	 * @param mapper JSON mapper
	 */
	ChatCompletionsApi(Call.Factory http, CallDeadlines deadlines, LlmProperties properties, ObjectMapper mapper) {
		this.http = http;
		this.deadlines = deadlines;
		this.mapper = mapper;
		this.responseReader = mapper.readerFor(ChatCompletionResponse.class);
		this.requestWriter = mapper.writerFor(ChatCompletionRequest.class);
		this.provider = properties.provider();
		this.temperature = properties.temperature();
		HttpUrl base = HttpUrl.get(properties.baseUrl().toString());
		this.completionsUrl = base.newBuilder().addPathSegments("chat/completions").build();
		this.modelsUrl = base.newBuilder().addPathSegment("models").build();
		try {
			this.replySchemaFormat = ChatCompletionRequest.ResponseFormat.strictSchema(SCHEMA_NAME,
					mapper.readTree(PromptBuilder.REPLY_SCHEMA));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The request for one call.
	 * @param model the model asked
	 * @param messages the turns
	 * @param maxTokens completion token limit
	 * @param jsonObjectOnly whether this model gets {@code json_object} instead of the
	 * schema
	 * @return the request body
	 */
	ChatCompletionRequest request(String model, List<ChatMessage> messages, int maxTokens, boolean jsonObjectOnly) {
		return ChatCompletionRequest.of(this.provider, model, messages, this.temperature, maxTokens,
				jsonObjectOnly ? ChatCompletionRequest.ResponseFormat.JSON_OBJECT : this.replySchemaFormat);
	}

	/**
	 * One HTTP call.
	 * @param request the body
	 * @param timeout the call timeout of this attempt
	 * @param usage told the token usage of any 200 body, also one that carries an error
	 * (the provider bills those tokens)
	 * @return the output of a successful call
	 * @throws LlmTransientException on I/O, a timeout, a retryable status or an unusable
	 * 200
	 * @throws LlmRejectedException on a status or error body that a retry cannot fix
	 */
	Completion complete(ChatCompletionRequest request, Duration timeout, Consumer<ChatCompletionResponse.Usage> usage) {
		Request http = new Request.Builder().url(this.completionsUrl)
			.header("Accept", "application/json")
			.post(RequestBody.create(bytes(request), JSON_MEDIA))
			.build();
		try {
			return this.deadlines.execute(this.http.newCall(http), timeout, (response) -> {
				String body = response.body().string();
				if (!response.isSuccessful()) {
					throw UpstreamErrors.classify(response.code(), UpstreamErrors.parseLeniently(this.mapper, body),
							UpstreamErrors.retryAfter(response));
				}
				return read(body, usage);
			});
		}
		catch (IOException ex) {
			throw new LlmTransientException(0, (ex instanceof InterruptedIOException) ? "timeout" : "io", null);
		}
	}

	/**
	 * A cheap liveness probe that spends no tokens: the models list.
	 * @return true when the upstream answered with a success status
	 */
	boolean probe() {
		Request request = new Request.Builder().url(this.modelsUrl).get().build();
		try {
			return this.deadlines.execute(this.http.newCall(request), Duration.ofSeconds(3), Response::isSuccessful);
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** The JSON of a request body, as sent. */
	String write(ChatCompletionRequest request) {
		return new String(bytes(request), StandardCharsets.UTF_8);
	}

	/**
	 * The UTF-8 JSON of a request body, written straight to bytes: through a
	 * {@code String} the prompt (several kB) would be copied and encoded once more on
	 * every attempt.
	 */
	private byte[] bytes(ChatCompletionRequest request) {
		try {
			return this.requestWriter.writeValueAsBytes(request);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Reads a 200 body, which on OpenRouter may still carry an error (contracts §2.3,
	 * §5).
	 */
	Completion read(String body, Consumer<ChatCompletionResponse.Usage> usageSink) {
		// OpenRouter may commit the 200 early and trickle newlines, then close (contracts
		// §2.3.3).
		if (body.isBlank()) {
			throw new LlmTransientException(200, "empty_body", null);
		}
		ChatCompletionResponse response;
		try {
			response = this.responseReader.readValue(body);
		}
		catch (JsonProcessingException ex) {
			throw new LlmTransientException(200, "malformed_body", null);
		}
		if (response == null) {
			throw new LlmTransientException(200, "malformed_body", null);
		}
		ChatCompletionResponse.Usage usage = (response.usage() != null) ? response.usage()
				: new ChatCompletionResponse.Usage(null, null, null);
		usageSink.accept(usage);
		if (response.error() != null && !response.error().isNull()) {
			throw errorIn200(response.error());
		}
		ChatCompletionResponse.Choice choice = response.firstChoice();
		if (choice == null) {
			throw new LlmTransientException(200, "empty_choices", null);
		}
		if (choice.error() != null && !choice.error().isNull()) {
			throw errorIn200(choice.error());
		}
		String finish = (choice.finishReason() != null) ? choice.finishReason() : "";
		if ("error".equals(finish) || "abort".equals(finish)) {
			throw new LlmTransientException(200, "finish_" + finish, null);
		}
		ChatCompletionResponse.Message message = (choice.message() != null) ? choice.message()
				: new ChatCompletionResponse.Message(null, null, null, null, null);
		String content = message.content();
		Integer input = usage.promptTokens();
		Integer output = usage.completionTokens();
		if (message.refusal() != null && (content == null || content.isBlank())) {
			return new Completion(null, "refusal", response.model(), input, output);
		}
		if ("stop".equals(finish) && (content == null || content.isBlank())) {
			// Reasoning models on OpenRouter/vLLM/Ollama may put the JSON in the
			// reasoning field (contracts §5).
			String reasoning = message.anyReasoning();
			if (reasoning == null || !ReplyParser.parse(reasoning).valid()) {
				throw new LlmTransientException(200, "empty_content", null);
			}
			content = reasoning;
		}
		return new Completion(content, finish, response.model(), input, output);
	}

	/** An error object inside a 200 body, classified by its effective status. */
	private RuntimeException errorIn200(JsonNode error) {
		JsonNode wrapped = this.mapper.createObjectNode().set("error", error);
		return UpstreamErrors.classify(UpstreamErrors.effectiveStatus(error), wrapped,
				UpstreamErrors.availabilityRetryAfter(error));
	}

}
