package io.agentruntime.memory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Supermemory's v3 document API over OkHttp (contracts/supermemory.md §3). Every search carries the
 * tenant's client tag, exactly a write-time tag set, and the metadata filter
 * {@code clientId = <tenant>} (§2.3 guards 1–3); absent fields are omitted, never sent as null,
 * because the add endpoint rejects unknown and ill-typed fields.
 */
public final class SupermemoryMemoryClient implements MemoryClient {

	private static final MediaType JSON_MEDIA = MediaType.get("application/json");

	private final OkHttpClient http;

	private final ObjectMapper mapper;

	private final HttpUrl searchUrl;

	private final HttpUrl documentsUrl;

	private final Duration writeTimeout;

	public SupermemoryMemoryClient(OkHttpClient http, ObjectMapper mapper, SupermemoryProperties properties) {
		this.http = http;
		this.mapper = mapper;
		HttpUrl base = HttpUrl.get(properties.baseUrl().toString());
		this.searchUrl = base.newBuilder().addPathSegments("v3/search").build();
		this.documentsUrl = base.newBuilder().addPathSegments("v3/documents").build();
		this.writeTimeout = properties.writeTimeout();
	}

	@Override
	public List<MemoryHit> search(MemorySearch search) {
		SearchRequest body = new SearchRequest(truncate(search.query(), 1000), search.tags(), search.limit(),
				search.threshold(), true, Map.of("AND", List.of(Map.of("key", "clientId", "value",
						search.clientId().toString()))));
		JsonNode root = post(this.searchUrl, body, search.timeout());
		List<MemoryHit> hits = new ArrayList<>();
		for (JsonNode result : root.path("results")) {
			StringBuilder snippet = new StringBuilder();
			for (JsonNode chunk : result.path("chunks")) {
				if (chunk.path("isRelevant").asBoolean(true) && snippet.length() < MemoryHit.MAX_SNIPPET_CHARS) {
					if (!snippet.isEmpty()) {
						snippet.append(" … ");
					}
					snippet.append(chunk.path("content").asText(""));
				}
			}
			Map<String, Object> metadata = result.path("metadata").isObject()
					? this.mapper.convertValue(result.get("metadata"), Map.class) : Map.of();
			hits.add(new MemoryHit(result.path("documentId").asText(), result.path("score").asDouble(),
					snippet.toString(), metadata));
		}
		return hits;
	}

	@Override
	public void write(MemoryWrite write) {
		post(this.documentsUrl, new AddRequest(write.content(), write.tags(), write.customId(), write.metadata()),
				this.writeTimeout);
	}

	@Override
	public boolean probe() {
		// A document id that cannot exist: 404 proves the API is up and the key accepted, without a write.
		Request request = new Request.Builder().url(this.documentsUrl.newBuilder().addPathSegment("health-probe").build())
			.get()
			.build();
		try (Response response = this.http.newBuilder().callTimeout(Duration.ofSeconds(3)).build()
			.newCall(request)
			.execute()) {
			return response.isSuccessful() || response.code() == 404;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private JsonNode post(HttpUrl url, Object body, Duration timeout) {
		Request request;
		try {
			request = new Request.Builder().url(url)
				.post(RequestBody.create(this.mapper.writeValueAsBytes(body), JSON_MEDIA))
				.build();
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
		try (Response response = this.http.newBuilder().callTimeout(timeout).build().newCall(request).execute()) {
			String text = response.body().string();
			if (!response.isSuccessful()) {
				throw failure(response, text);
			}
			return this.mapper.readTree(text);
		}
		catch (JsonProcessingException ex) {
			throw new MemoryUnavailableException("malformed_body", true, null);
		}
		catch (IOException ex) {
			throw new MemoryUnavailableException("io", true, null);
		}
	}

	/** 429 and 5xx are worth retrying; other statuses are rejections (contracts §4). */
	private MemoryUnavailableException failure(Response response, String body) {
		int status = response.code();
		boolean retryable = status == 408 || status == 429 || status >= 500;
		return new MemoryUnavailableException("http_" + status, retryable, retryAfter(response, body));
	}

	/** {@code retryAfterSeconds} in the body first, then the {@code Retry-After} header (seconds). */
	private Duration retryAfter(Response response, String body) {
		try {
			JsonNode seconds = this.mapper.readTree(body).path("retryAfterSeconds");
			if (seconds.isNumber()) {
				return Duration.ofMillis((long) (seconds.asDouble() * 1000));
			}
		}
		catch (JsonProcessingException | RuntimeException ex) {
			// not JSON; fall through to the header
		}
		String header = response.header("Retry-After");
		if (header != null && header.trim().matches("\\d+")) {
			return Duration.ofSeconds(Long.parseLong(header.trim()));
		}
		return null;
	}

	private static String truncate(String text, int max) {
		return (text.length() > max) ? text.substring(0, max) : text;
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record SearchRequest(String q, List<String> containerTags, int limit, double chunkThreshold,
			boolean onlyMatchingChunks, Map<String, Object> filters) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record AddRequest(String content, List<String> containerTags, String customId, Map<String, Object> metadata) {

		AddRequest {
			metadata = new LinkedHashMap<>(metadata);
		}

	}

}
