package io.agentruntime.llm;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.Response;

/**
 * Pure functions that turn an upstream failure into {@link LlmTransientException} (retry)
 * or {@link LlmRejectedException} (do not), per contracts/openai-chat.md §3, and read its
 * wait hint. Upstream text never leaves this class: the exceptions carry a status and a
 * short reason only.
 */
final class UpstreamErrors {

	private UpstreamErrors() {
	}

	/**
	 * Classifies a failure (contracts §3.1, §3.2): transient (retry) or rejected (do
	 * not). Reads every error dialect: OpenAI/vLLM/Ollama
	 * {@code {error:{message,type,param,code}}} (code a string, an integer or null),
	 * OpenRouter {@code {error:{code,message,metadata}}}, the old flat vLLM body
	 * {@code {object:"error",message,type,code}}, vLLM's 401
	 * {@code {error:"Unauthorized"}} and non-JSON bodies such as an HTML 502 page
	 * (classified by status alone).
	 */
	static RuntimeException classify(int status, JsonNode root, Duration retryAfter) {
		JsonNode error = root.has("error") ? root.path("error") : root;
		String code = error.path("code").asText("") + " " + error.path("type").asText("");
		String message = error.isTextual() ? error.asText() : error.path("message").asText("");
		if (code.contains("insufficient_quota")) {
			return new LlmRejectedException(status, "insufficient_quota");
		}
		if ((status == 400 || status == 404) && unsupportedResponseFormat(message, error.path("param").asText(""))) {
			return new LlmRejectedException(status, "json_schema_unsupported");
		}
		if (status == 408 || status == 409 || status == 429 || status >= 500) {
			return new LlmTransientException(status, "http_" + status, retryAfter);
		}
		return new LlmRejectedException(status, "http_" + status);
	}

	/**
	 * An "unsupported" answer to our json_schema request: OpenAI's 400 on the model, a
	 * strict-schema or grammar-backend rejection (param {@code response_format}, vLLM's
	 * "JSON schema ... not supported"), or OpenRouter's 404 when
	 * {@code require_parameters} filtered out every endpoint. OpenAI's 400 "messages must
	 * contain the word json" names {@code json_object} and param {@code messages}, so it
	 * is not one (json_object would fail the same way).
	 */
	private static boolean unsupportedResponseFormat(String message, String param) {
		String lower = message.toLowerCase(Locale.ROOT);
		return "response_format".equals(param) || lower.contains("json_schema") || lower.contains("json schema")
				|| lower.contains("no endpoints found that can handle the requested parameters");
	}

	/**
	 * The body as JSON, or an empty object when it is not JSON (an HTML error page, say).
	 */
	static JsonNode parseLeniently(ObjectMapper mapper, String body) {
		try {
			JsonNode node = mapper.readTree(body);
			return (node != null) ? node : mapper.createObjectNode();
		}
		catch (JsonProcessingException ex) {
			return mapper.createObjectNode();
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

	/**
	 * The HTTP-like status of an error in a 200 body: {@code error.code}, else
	 * {@code error.http_status} (OpenRouter availability errors omit the code), else 502
	 * (an upstream failure of unknown kind).
	 */
	static int effectiveStatus(JsonNode error) {
		for (String field : new String[] { "code", "http_status" }) {
			JsonNode value = error.get(field);
			if (value != null && value.canConvertToInt() && value.asInt() >= 400 && value.asInt() < 600) {
				return value.asInt();
			}
		}
		return 502;
	}

	/** OpenRouter's {@code error.availability.retry_after} (seconds), when given. */
	static Duration availabilityRetryAfter(JsonNode error) {
		JsonNode seconds = error.path("availability").path("retry_after");
		return seconds.isNumber() ? Duration.ofMillis((long) (seconds.asDouble() * 1000)) : null;
	}

}
