package io.agentruntime.memory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.agentruntime.web.CallDeadlines;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Supermemory's v3 document API over OkHttp (contracts/supermemory.md §3). Every search
 * carries the tenant's client tag, exactly a write-time tag set, and the metadata filter
 * {@code clientId = <tenant>} (§2.3 guards 1–3), and the scope's own metadata (DESIGN
 * §5); absent fields are omitted, never sent as null, because the add endpoint rejects
 * unknown and ill-typed fields. Errors are read in both body forms (§4): {@code error} as
 * a string, or as an array of issues; neither ever leaves this class.
 */
public final class SupermemoryMemoryClient implements MemoryClient {

	private static final MediaType JSON_MEDIA = MediaType.get("application/json");

	/**
	 * Page size of list and chunk size of bulk delete (bulk delete takes 1..100 ids,
	 * §3.6).
	 */
	static final int PAGE = 100;

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	private final Call.Factory http;

	private final CallDeadlines deadlines;

	private final ObjectMapper mapper;

	private final HttpUrl base;

	private final Duration writeTimeout;

	/**
	 * Writer and reader of the reply path's calls, made once, and a typed search
	 * response: no tree and no tree-to-map conversion per search (issue 15 profile).
	 */
	private final ObjectWriter searchWriter;

	private final ObjectWriter addWriter;

	private final ObjectReader searchReader;

	public SupermemoryMemoryClient(Call.Factory http, ObjectMapper mapper, SupermemoryProperties properties) {
		this(http, CallDeadlines.SHARED, mapper, properties);
	}

	/** A client with its own timer of call deadlines (tests). */
	SupermemoryMemoryClient(Call.Factory http, CallDeadlines deadlines, ObjectMapper mapper,
			SupermemoryProperties properties) {
		this.http = http;
		this.deadlines = deadlines;
		this.mapper = mapper;
		this.searchWriter = mapper.writerFor(SearchRequest.class);
		this.addWriter = mapper.writerFor(AddRequest.class);
		this.searchReader = mapper.readerFor(SearchResponse.class);
		this.base = HttpUrl.get(properties.baseUrl().toString());
		this.writeTimeout = properties.writeTimeout();
	}

	@Override
	public List<MemoryHit> search(MemorySearch search) {
		List<Map<String, String>> conditions = new ArrayList<>();
		conditions.add(Map.of("key", "clientId", "value", search.clientId().toString()));
		new java.util.TreeMap<>(search.metadata())
			.forEach((key, value) -> conditions.add(Map.of("key", key, "value", value)));
		SearchRequest body = new SearchRequest(truncate(search.query(), 1000), search.tags(), search.limit(),
				search.threshold(), true, Map.of("AND", conditions));
		String text = callForText("POST", url("v3/search"), bytes(this.searchWriter, body), search.timeout());
		SearchResponse response;
		try {
			response = text.isEmpty() ? null : this.searchReader.readValue(text);
		}
		catch (JsonProcessingException ex) {
			throw new MemoryUnavailableException("malformed_body", true, null);
		}
		List<MemoryHit> hits = new ArrayList<>();
		if (response == null || response.results() == null) {
			return hits;
		}
		for (SearchResult result : response.results()) {
			if (result == null) {
				continue;
			}
			StringBuilder snippet = new StringBuilder();
			for (SearchChunk chunk : (result.chunks() != null) ? result.chunks() : List.<SearchChunk>of()) {
				if (chunk != null && !Boolean.FALSE.equals(chunk.isRelevant())
						&& snippet.length() < MemoryHit.MAX_SNIPPET_CHARS) {
					if (!snippet.isEmpty()) {
						snippet.append(" … ");
					}
					snippet.append((chunk.content() != null) ? chunk.content() : "");
				}
			}
			hits.add(new MemoryHit((result.documentId() != null) ? result.documentId() : "",
					(result.score() != null) ? result.score() : 0.0, snippet.toString(), result.metadataMap()));
		}
		return hits;
	}

	@Override
	public void write(MemoryWrite write) {
		// containerTags (deprecated but accepted) is the only way to send two tags on add
		// (§2.2).
		callForText("POST", url("v3/documents"),
				bytes(this.addWriter,
						new AddRequest(write.content(), write.tags(), write.customId(), write.metadata())),
				this.writeTimeout);
	}

	/**
	 * Pages through {@code POST /v3/documents/list} and collects every page before
	 * returning (§6 step 1).
	 */
	@Override
	public List<StoredDocument> list(List<String> tags) {
		List<StoredDocument> documents = new ArrayList<>();
		int page = 1;
		int totalPages;
		do {
			JsonNode root = call("POST", url("v3/documents/list"), new ListRequest(tags, page, PAGE),
					this.writeTimeout);
			for (JsonNode item : root.path("memories")) {
				List<String> itemTags = new ArrayList<>();
				item.path("containerTags").forEach(tag -> itemTags.add(tag.asText()));
				documents.add(new StoredDocument(item.path("id").asText(),
						item.path("customId").isTextual() ? item.get("customId").asText() : null, itemTags,
						metadata(item)));
			}
			totalPages = root.path("pagination").path("totalPages").asInt(1);
			page++;
		}
		while (page <= totalPages);
		return documents;
	}

	/**
	 * {@code DELETE /v3/documents/{id}} for one id (404 = already gone),
	 * {@code DELETE /v3/documents/bulk} with {@code ids} for more. Never by container
	 * tags: that would delete whole containers (§6 step 5).
	 */
	@Override
	public void delete(List<String> documentIds) {
		if (documentIds.size() == 1) {
			try {
				call("DELETE",
						this.base.newBuilder()
							.addPathSegments("v3/documents")
							.addPathSegment(documentIds.get(0))
							.build(),
						null, this.writeTimeout);
			}
			catch (NotFound ex) {
				// already gone: what erasure wanted
			}
			return;
		}
		for (int from = 0; from < documentIds.size(); from += PAGE) {
			List<String> chunk = documentIds.subList(from, Math.min(from + PAGE, documentIds.size()));
			JsonNode result = call("DELETE", url("v3/documents/bulk"), new BulkDeleteRequest(chunk), this.writeTimeout);
			for (JsonNode error : result.path("errors")) {
				if (!"Document not found".equalsIgnoreCase(error.path("error").asText())) {
					throw new MemoryUnavailableException("bulk_delete_partial", true, null);
				}
			}
		}
	}

	@Override
	public boolean probe() {
		// A document id that cannot exist: 404 proves the API is up and the key accepted,
		// without a write.
		Request request = new Request.Builder().url(url("v3/documents/health-probe")).get().build();
		try {
			return this.deadlines.execute(this.http.newCall(request), Duration.ofSeconds(3),
					(response) -> response.isSuccessful() || response.code() == 404);
		}
		catch (IOException ex) {
			return false;
		}
	}

	private HttpUrl url(String path) {
		return this.base.newBuilder().addPathSegments(path).build();
	}

	private JsonNode call(String method, HttpUrl url, Object body, Duration timeout) {
		String text = callForText(method, url, (body != null) ? bytes(this.mapper.writer(), body) : null, timeout);
		try {
			return text.isEmpty() ? this.mapper.createObjectNode() : this.mapper.readTree(text);
		}
		catch (JsonProcessingException ex) {
			throw new MemoryUnavailableException("malformed_body", true, null);
		}
	}

	/** One call; the body of a success ({@code ""} for none). */
	private String callForText(String method, HttpUrl url, byte[] body, Duration timeout) {
		RequestBody requestBody = (body != null) ? RequestBody.create(body, JSON_MEDIA) : null;
		Request request = new Request.Builder().url(url).method(method, requestBody).build();
		try {
			return this.deadlines.execute(this.http.newCall(request), timeout, (response) -> {
				String text = response.body().string();
				if (!response.isSuccessful()) {
					throw failure(response, text);
				}
				return text;
			});
		}
		catch (IOException ex) {
			throw new MemoryUnavailableException("io", true, null);
		}
	}

	private static byte[] bytes(ObjectWriter writer, Object body) {
		try {
			return writer.writeValueAsBytes(body);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Maps a failed status (contracts §4). 400/413/422 reject this request for good;
	 * 401/402/403 need an operator (key, plan, scope) and are retried by the outbox; 404
	 * is {@link NotFound}; 408, 429 and 5xx are transient. The body is parsed only for
	 * the wait hint, never surfaced.
	 */
	private MemoryUnavailableException failure(Response response, String body) {
		int status = response.code();
		if (status == 404) {
			return new NotFound();
		}
		boolean permanent = status == 400 || status == 413 || status == 422;
		return new MemoryUnavailableException("http_" + status, !permanent, retryAfter(response, body));
	}

	/**
	 * {@code retryAfterSeconds} in the body first, then the {@code Retry-After} header
	 * (seconds).
	 */
	private Duration retryAfter(Response response, String body) {
		try {
			JsonNode seconds = this.mapper.readTree(body).path("retryAfterSeconds");
			if (seconds.isNumber()) {
				return Duration.ofMillis((long) (seconds.asDouble() * 1000));
			}
		}
		catch (JsonProcessingException | RuntimeException ex) {
			// not JSON (a proxy's HTML page, say); fall through to the header
		}
		String header = response.header("Retry-After");
		if (header != null && header.trim().matches("\\d+")) {
			return Duration.ofSeconds(Long.parseLong(header.trim()));
		}
		return null;
	}

	private Map<String, Object> metadata(JsonNode node) {
		return node.path("metadata").isObject() ? this.mapper.convertValue(node.get("metadata"), OBJECT) : Map.of();
	}

	private static String truncate(String text, int max) {
		return (text.length() > max) ? text.substring(0, max) : text;
	}

	/** 404 from the store: for a delete, the document is already gone. */
	static final class NotFound extends MemoryUnavailableException {

		NotFound() {
			super("http_404", false, null);
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record SearchRequest(String q, List<String> containerTags, int limit, double chunkThreshold,
			boolean onlyMatchingChunks, Map<String, Object> filters) {
	}

	/** The part of a search response a recall reads (contracts/supermemory.md §3). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record SearchResponse(List<SearchResult> results) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record SearchResult(String documentId, Double score, List<SearchChunk> chunks, Object metadata) {

		/** The metadata object as a map; anything else (absent, null) as none. */
		@SuppressWarnings("unchecked")
		Map<String, Object> metadataMap() {
			return (this.metadata instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record SearchChunk(String content, Boolean isRelevant) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record AddRequest(String content, List<String> containerTags, String customId, Map<String, Object> metadata) {

		AddRequest {
			metadata = new LinkedHashMap<>(metadata);
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ListRequest(List<String> containerTags, int page, int limit) {
	}

	record BulkDeleteRequest(List<String> ids) {
	}

}
