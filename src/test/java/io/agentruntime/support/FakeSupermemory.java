package io.agentruntime.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A protocol-faithful Supermemory v3 document API (contracts/supermemory.md §3, §4, §7)
 * on MockWebServer: bearer auth, add (upsert by customId), search with metadata filters
 * and a switchable tag rule, get, list, delete and bulk delete; faults are scripted ahead
 * of normal handling. Every request is recorded.
 *
 * <p>
 * Every request body is validated against the request schema published in
 * {@code contracts/supermemory-openapi.yaml} (a copy lives in test resources), made
 * strict: an unknown or null field fails, answering 400 in the array error shape as the
 * real API does, and is kept in {@link #schemaViolations()} so a test can assert that
 * none occurred.
 */
public final class FakeSupermemory implements AutoCloseable {

	/** How several container tags in one request match a document's tags (§2.3). */
	public enum TagMode {

		/** The request's tags equal the document's tags. */
		EXACT_SET,
		/** Every request tag is on the document. */
		ALL,
		/** Any request tag is on the document (the permissive reading). */
		ANY

	}

	public static final String API_KEY = "sm_test_key";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Pattern TAG = Pattern.compile("^[a-zA-Z0-9_:-]{1,100}$");

	private static final Set<String> ADD_FIELDS = Set.of("content", "containerTag", "containerTags", "customId",
			"metadata", "entityContext", "taskType", "dreaming", "documentDate", "filterByMetadata", "filepath");

	private static final Set<String> SEARCH_FIELDS = Set.of("q", "containerTag", "containerTags", "limit",
			"chunkThreshold", "documentThreshold", "onlyMatchingChunks", "includeFullDocs", "includeSummary", "rerank",
			"rewriteQuery", "filters", "docId", "categoriesFilter", "filepath");

	private final MockWebServer server = new MockWebServer();

	private final Map<String, Document> documents = new ConcurrentHashMap<>();

	private final Deque<MockResponse> faults = new ConcurrentLinkedDeque<>();

	private final List<Fault> tenantFaults = new CopyOnWriteArrayList<>();

	private final List<String> schemaViolations = new CopyOnWriteArrayList<>();

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	/**
	 * "clientId/customId" of every accepted write since start; {@link #reset()} keeps it
	 * (issue 9 invariants).
	 */
	private final Set<String> delivered = ConcurrentHashMap.newKeySet();

	/**
	 * Every add since start, without its content; {@link #reset()} keeps it (issue 14).
	 */
	private final List<Document> added = new CopyOnWriteArrayList<>();

	private volatile TagMode tagMode = TagMode.EXACT_SET;

	private final SecureRandom random = new SecureRandom();

	public FakeSupermemory() {
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return handle(request);
			}
		});
	}

	public FakeSupermemory start() {
		try {
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	public String baseUrl() {
		String url = this.server.url("/").toString();
		return url.substring(0, url.length() - 1);
	}

	public void tagMode(TagMode mode) {
		this.tagMode = mode;
	}

	/**
	 * Serves these responses to the next requests before normal handling resumes — every
	 * request except adds ({@code POST /v3/documents}): adds come from the background
	 * outbox, which may still be delivering an earlier test's rows, so they are scripted
	 * per tenant with {@link #failFor}.
	 */
	public void fail(MockResponse... responses) {
		this.faults.addAll(List.of(responses));
	}

	/**
	 * Serves these responses, one each, to the next requests whose body mentions this
	 * tenant.
	 */
	public void failFor(UUID clientId, MockResponse... responses) {
		Deque<Supplier<MockResponse>> once = new ConcurrentLinkedDeque<>();
		for (MockResponse response : responses) {
			once.add(() -> response);
		}
		this.tenantFaults.add(new Fault(mentions(clientId), null, once, null));
	}

	/**
	 * Until {@link #endOutage}, answers every request whose body mentions this tenant
	 * with the response.
	 */
	public void outage(UUID clientId, Supplier<MockResponse> response) {
		this.tenantFaults.add(new Fault(mentions(clientId), null, new ConcurrentLinkedDeque<>(), response));
	}

	/**
	 * Like {@link #outage} for this tenant's adds only ({@code POST /v3/documents});
	 * reads still work.
	 */
	public void writeOutage(UUID clientId, Supplier<MockResponse> response) {
		this.tenantFaults
			.add(new Fault(mentions(clientId), "POST /v3/documents", new ConcurrentLinkedDeque<>(), response));
	}

	public void endOutage(UUID clientId) {
		this.tenantFaults.removeIf(fault -> fault.always() != null && fault.tenant().equals(clientId.toString()));
	}

	/**
	 * Request bodies that broke the published schema since the last reset (should stay
	 * empty).
	 */
	public List<String> schemaViolations() {
		return List.copyOf(this.schemaViolations);
	}

	public void reset() {
		this.documents.clear();
		this.faults.clear();
		this.tenantFaults.clear();
		this.calls.clear();
		this.schemaViolations.clear();
		this.tagMode = TagMode.EXACT_SET;
	}

	public List<Call> calls() {
		return List.copyOf(this.calls);
	}

	/** Calls to one path, e.g. {@code /v3/search}. */
	public List<Call> calls(String method, String path) {
		return this.calls.stream().filter(c -> c.method().equals(method) && c.path().equals(path)).toList();
	}

	/**
	 * Distinct customIds written for this client since the fake started, across resets.
	 */
	public long deliveredCount(java.util.UUID clientId) {
		String prefix = clientId + "/";
		return this.delivered.stream().filter(key -> key.startsWith(prefix)).count();
	}

	/**
	 * The customIds of this tenant's documents ever added, across resets (issue 9's
	 * outbox invariant).
	 */
	public java.util.Set<String> deliveredCustomIds(java.util.UUID clientId) {
		String prefix = clientId + "/";
		return this.delivered.stream()
			.filter(key -> key.startsWith(prefix))
			.map(key -> key.substring(prefix.length()))
			.collect(java.util.stream.Collectors.toSet());
	}

	/**
	 * Tags and metadata of every document added since the fake started, across resets
	 * (content left out).
	 */
	public List<Document> added() {
		return List.copyOf(this.added);
	}

	/** Stores a document directly, as if written earlier by any client. */
	public String seed(String content, List<String> tags, Map<String, Object> metadata) {
		String id = newId();
		this.documents.put(id, new Document(id, null, content, List.copyOf(tags), new LinkedHashMap<>(metadata)));
		return id;
	}

	public Map<String, Document> documents() {
		return Map.copyOf(this.documents);
	}

	private MockResponse handle(RecordedRequest request) {
		String path = request.getUrl().encodedPath();
		JsonNode body = null;
		if (request.getBody() != null && request.getBody().size() > 0) {
			try {
				body = JSON.readTree(request.getBody().utf8());
			}
			catch (JsonProcessingException ex) {
				return error(400, "Invalid JSON");
			}
		}
		String method = request.getMethod();
		String text = (body != null) ? body.toString() : "";
		this.calls.add(new Call(method, path, request.getHeaders().get("Authorization"), body, Instant.now()));
		if (!("Bearer " + API_KEY).equals(request.getHeaders().get("Authorization"))) {
			return error(401, "Unauthorized");
		}
		for (Fault fault : this.tenantFaults) {
			if (text.contains(fault.tenant()) && (fault.call() == null || fault.call().equals(method + " " + path))) {
				Supplier<MockResponse> once = fault.once().poll();
				if (once != null) {
					return once.get();
				}
				if (fault.always() != null) {
					return fault.always().get();
				}
			}
		}
		if (!("POST".equals(method) && "/v3/documents".equals(path))) {
			MockResponse fault = this.faults.poll();
			if (fault != null) {
				return fault;
			}
		}
		List<Map<String, Object>> schemaIssues = RequestSchemas.validate(method, path, body);
		if (!schemaIssues.isEmpty()) {
			this.schemaViolations.add(method + " " + path + ": " + schemaIssues);
			return validation(schemaIssues, body);
		}
		if ("POST".equals(method) && "/v3/search".equals(path)) {
			return search(body);
		}
		if ("POST".equals(method) && "/v3/documents".equals(path)) {
			return add(body);
		}
		if ("POST".equals(method) && "/v3/documents/list".equals(path)) {
			return list(body);
		}
		if ("DELETE".equals(method) && "/v3/documents/bulk".equals(path)) {
			return bulkDelete(body);
		}
		if (path.startsWith("/v3/documents/")) {
			String id = path.substring("/v3/documents/".length());
			Document document = find(id);
			if (document == null) {
				return error(404, "Document not found");
			}
			if ("DELETE".equals(method)) {
				this.documents.remove(document.id());
				return new MockResponse.Builder().code(204).build();
			}
			return json(200, document.toJson(true));
		}
		return error(404, "Not found");
	}

	private MockResponse add(JsonNode body) {
		List<Map<String, Object>> issues = new ArrayList<>();
		if (body == null || !body.isObject()) {
			return validation(List.of(issue(List.of(), "Expected object")), body);
		}
		body.fieldNames().forEachRemaining(field -> {
			if (!ADD_FIELDS.contains(field)) {
				issues.add(issue(List.of(field), "Unrecognized key: \"" + field + "\""));
			}
			else if (body.get(field).isNull()) {
				issues.add(issue(List.of(field), "Expected value, received null"));
			}
		});
		if (!body.path("content").isTextual()) {
			issues.add(issue(List.of("content"), "Required"));
		}
		if (body.has("containerTag") && body.has("containerTags")) {
			return error(400, "Cannot specify both containerTag and containerTags");
		}
		List<String> tags = tags(body, issues);
		JsonNode metadata = body.path("metadata");
		if (metadata.isObject()) {
			metadata.fields().forEachRemaining(e -> {
				if (!(e.getValue().isTextual() || e.getValue().isNumber() || e.getValue().isBoolean())) {
					issues.add(issue(List.of("metadata", e.getKey()), "Expected string, number or boolean"));
				}
			});
		}
		if (!issues.isEmpty()) {
			return validation(issues, body);
		}
		String customId = body.path("customId").asText(null);
		Document existing = (customId != null) ? find(customId) : null;
		String id = (existing != null) ? existing.id() : newId();
		@SuppressWarnings("unchecked")
		Map<String, Object> meta = metadata.isObject() ? JSON.convertValue(metadata, Map.class) : Map.of();
		this.documents.put(id,
				new Document(id, customId, body.get("content").asText(), tags, new LinkedHashMap<>(meta)));
		if (customId != null && meta.get("clientId") != null) {
			this.delivered.add(meta.get("clientId") + "/" + customId);
		}
		this.added.add(new Document(id, customId, "", tags, new LinkedHashMap<>(meta)));
		return json(200, Map.of("id", id, "status", "queued"));
	}

	private MockResponse search(JsonNode body) {
		List<Map<String, Object>> issues = new ArrayList<>();
		if (body == null || !body.path("q").isTextual() || body.path("q").asText().isEmpty()) {
			issues.add(issue(List.of("q"), "Query must be at least 1 character long"));
		}
		else {
			body.fieldNames().forEachRemaining(field -> {
				if (!SEARCH_FIELDS.contains(field)) {
					issues.add(issue(List.of(field), "Unrecognized key: \"" + field + "\""));
				}
			});
		}
		int limit = (body != null) ? body.path("limit").asInt(10) : 10;
		if (limit < 1 || limit > 100) {
			issues.add(issue(List.of("limit"), "Number must be between 1 and 100"));
		}
		List<String> tags = (body != null) ? tags(body, issues) : List.of();
		if (!issues.isEmpty()) {
			return validation(issues, body);
		}
		double threshold = body.path("chunkThreshold").asDouble(0);
		Set<String> words = words(body.get("q").asText());
		List<Map<String, Object>> results = new ArrayList<>();
		this.documents.values()
			.stream()
			.filter(d -> matches(d.tags(), tags))
			.filter(d -> Filters.matches(body.get("filters"), d.metadata()))
			.map(d -> Map.entry(d, score(words, d.content())))
			.filter(e -> e.getValue() > 0 && e.getValue() >= threshold)
			.sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
			.limit(limit)
			.forEach(e -> {
				Map<String, Object> result = new LinkedHashMap<>();
				result.put("documentId", e.getKey().id());
				result.put("score", e.getValue());
				result.put("chunks", List.of(Map.of("content", e.getKey().content(), "score", e.getValue(),
						"isRelevant", true, "position", 0)));
				result.put("title", null);
				result.put("type", "text");
				result.put("metadata", e.getKey().metadata());
				result.put("createdAt", Instant.now().toString());
				result.put("updatedAt", Instant.now().toString());
				results.add(result);
			});
		return json(200, Map.of("results", results, "total", results.size(), "timing", 12));
	}

	private MockResponse list(JsonNode body) {
		List<Map<String, Object>> issues = new ArrayList<>();
		List<String> tags = (body != null) ? tags(body, issues) : List.of();
		if (!issues.isEmpty()) {
			return validation(issues, body);
		}
		int limit = (body != null) ? body.path("limit").asInt(10) : 10;
		int page = (body != null) ? body.path("page").asInt(1) : 1;
		List<Document> matching = this.documents.values()
			.stream()
			.filter(d -> tags.isEmpty() || matches(d.tags(), tags))
			.sorted((a, b) -> a.id().compareTo(b.id()))
			.toList();
		List<Map<String, Object>> items = matching.stream()
			.skip((long) (page - 1) * limit)
			.limit(limit)
			.map(d -> d.toJson(false))
			.toList();
		int totalPages = (matching.size() + limit - 1) / limit;
		return json(200, Map.of("memories", items, "pagination",
				Map.of("currentPage", page, "limit", limit, "totalItems", matching.size(), "totalPages", totalPages)));
	}

	private MockResponse bulkDelete(JsonNode body) {
		if (body == null || (!body.has("ids") && !body.has("containerTags"))) {
			return error(400, "Either ids or containerTags must be provided");
		}
		int deleted = 0;
		List<Map<String, String>> errors = new ArrayList<>();
		if (body.has("ids")) {
			for (JsonNode id : body.get("ids")) {
				Document document = find(id.asText());
				if (document == null) {
					errors.add(Map.of("id", id.asText(), "error", "Document not found"));
				}
				else {
					this.documents.remove(document.id());
					deleted++;
				}
			}
			return json(200, Map.of("success", true, "deletedCount", deleted, "errors", errors));
		}
		Set<String> tags = new HashSet<>();
		body.get("containerTags").forEach(t -> tags.add(t.asText()));
		for (Iterator<Document> it = this.documents.values().iterator(); it.hasNext();) {
			if (it.next().tags().stream().anyMatch(tags::contains)) {
				it.remove();
				deleted++;
			}
		}
		return json(200, Map.of("success", true, "deletedCount", deleted, "containerTags", List.copyOf(tags)));
	}

	private boolean matches(List<String> documentTags, List<String> requestTags) {
		return switch (this.tagMode) {
			case EXACT_SET -> new HashSet<>(documentTags).equals(new HashSet<>(requestTags));
			case ALL -> documentTags.containsAll(requestTags);
			case ANY -> requestTags.stream().anyMatch(documentTags::contains);
		};
	}

	private static List<String> tags(JsonNode body, List<Map<String, Object>> issues) {
		List<String> tags = new ArrayList<>();
		if (body.path("containerTag").isTextual()) {
			tags.add(body.get("containerTag").asText());
		}
		JsonNode array = body.path("containerTags");
		for (int i = 0; i < array.size(); i++) {
			tags.add(array.get(i).asText());
			if (!TAG.matcher(array.get(i).asText()).matches()) {
				issues.add(issue(List.of("containerTags", i),
						"Must contain only alphanumeric characters, hyphens, and underscores (no spaces or special characters)"));
			}
		}
		return tags;
	}

	/**
	 * Word overlap of the query with the content, 0..1: a stand-in for semantic
	 * similarity.
	 */
	static double score(Set<String> queryWords, String content) {
		if (queryWords.isEmpty()) {
			return 0;
		}
		Set<String> contentWords = words(content);
		long hits = queryWords.stream().filter(contentWords::contains).count();
		return (double) hits / queryWords.size();
	}

	static Set<String> words(String text) {
		Set<String> words = new HashSet<>();
		for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}-]+")) {
			if (word.length() >= 3) {
				words.add(word);
			}
		}
		return words;
	}

	private Document find(String idOrCustomId) {
		Document byId = this.documents.get(idOrCustomId);
		if (byId != null) {
			return byId;
		}
		return this.documents.values().stream().filter(d -> idOrCustomId.equals(d.customId())).findFirst().orElse(null);
	}

	private String newId() {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
		StringBuilder id = new StringBuilder();
		for (int i = 0; i < 22; i++) {
			id.append(alphabet.charAt(this.random.nextInt(alphabet.length())));
		}
		return id.toString();
	}

	private static Map<String, Object> issue(List<Object> path, String message) {
		return Map.of("path", path, "message", message);
	}

	private static MockResponse validation(List<Map<String, Object>> issues, JsonNode data) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", false);
		body.put("error", issues);
		body.put("data", data);
		return json(400, body);
	}

	/** The plain error shape {@code {"error": "..."}}. */
	public static MockResponse error(int status, String message) {
		return json(status, Map.of("error", message));
	}

	/** 429 as the draft docs describe it: header and body hint. */
	public static MockResponse rateLimited(int seconds) {
		return new MockResponse.Builder().code(429)
			.addHeader("Content-Type", "application/json")
			.addHeader("Retry-After", seconds)
			.body("{\"error\":\"API key rate limit exceeded. Try again shortly.\",\"code\":\"RATE_LIMITED\",\"retryAfterSeconds\":"
					+ seconds + "}")
			.build();
	}

	/** A response that sends nothing for {@code millis}. */
	public static MockResponse slow(long millis) {
		return new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.headersDelay(millis, java.util.concurrent.TimeUnit.MILLISECONDS)
			.body("{\"results\":[],\"total\":0,\"timing\":1}")
			.build();
	}

	/**
	 * A search answer whose status and headers come at once and whose body waits
	 * {@code millis}.
	 */
	public static MockResponse stalledBody(long millis) {
		return new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.bodyDelay(millis, java.util.concurrent.TimeUnit.MILLISECONDS)
			.body("{\"results\":[],\"total\":0,\"timing\":1}")
			.build();
	}

	private static MockResponse json(int status, Object body) {
		try {
			return new MockResponse.Builder().code(status)
				.addHeader("Content-Type", "application/json")
				.body((body instanceof String text) ? text : JSON.writeValueAsString(body))
				.build();
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.server.close();
	}

	/**
	 * A stored document.
	 *
	 * @param id the document id (22 alphanumerics)
	 * @param customId the writer's id, or null
	 * @param content the text
	 * @param tags the container tags
	 * @param metadata the metadata
	 */
	public record Document(String id, String customId, String content, List<String> tags,
			Map<String, Object> metadata) {

		Map<String, Object> toJson(boolean withContent) {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("id", this.id);
			json.put("customId", this.customId);
			json.put("containerTags", this.tags);
			json.put("title", null);
			json.put("summary", null);
			json.put("status", "done");
			json.put("type", "text");
			json.put("metadata", this.metadata);
			json.put("connectionId", null);
			json.put("filepath", null);
			json.put("createdAt", Instant.now().toString());
			json.put("updatedAt", Instant.now().toString());
			if (withContent) {
				json.put("content", this.content);
			}
			return json;
		}

	}

	/**
	 * One recorded request.
	 *
	 * @param method HTTP method
	 * @param path the encoded path
	 * @param authorization the Authorization header
	 * @param body the parsed JSON body, or null
	 */
	public record Call(String method, String path, String authorization, JsonNode body, Instant at) {
	}

	private static String mentions(UUID clientId) {
		return clientId.toString();
	}

	/**
	 * Scripted faults for one tenant's requests.
	 *
	 * @param tenant the clientId the body must mention
	 * @param call {@code METHOD path} the fault is limited to, or null for every call
	 * @param once responses served one each first
	 * @param always the response after those, or null to fall through
	 */
	private record Fault(String tenant, String call, Deque<Supplier<MockResponse>> once,
			Supplier<MockResponse> always) {
	}

	/**
	 * The request body schemas of the four calls the runtime makes, taken from the
	 * published OpenAPI document and made strict ({@code additionalProperties: false}, so
	 * unknown and null-valued fields fail as they do against the real add endpoint).
	 */
	static final class RequestSchemas {

		private static final Map<String, JsonSchema> SCHEMAS = load();

		private RequestSchemas() {
		}

		static List<Map<String, Object>> validate(String method, String path, JsonNode body) {
			JsonSchema schema = SCHEMAS.get(method + " " + path);
			if (schema == null) {
				return List.of();
			}
			if (body == null) {
				return List.of(issue(List.of(), "Expected object, received nothing"));
			}
			List<Map<String, Object>> issues = new ArrayList<>();
			for (ValidationMessage message : schema.validate(body)) {
				List<Object> at = new ArrayList<>();
				for (int i = 0; i < message.getInstanceLocation().getNameCount(); i++) {
					at.add(message.getInstanceLocation().getElement(i));
				}
				issues.add(issue(at, message.getMessage()));
			}
			return issues;
		}

		private static Map<String, JsonSchema> load() {
			try (var in = FakeSupermemory.class.getResourceAsStream("/contracts/supermemory-openapi.yaml")) {
				JsonNode spec = new YAMLMapper().readTree(in);
				JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
				Map<String, JsonSchema> schemas = new LinkedHashMap<>();
				for (String[] operation : new String[][] { { "POST", "/v3/documents" }, { "POST", "/v3/search" },
						{ "POST", "/v3/documents/list" }, { "DELETE", "/v3/documents/bulk" } }) {
					ObjectNode schema = spec.path("paths")
						.path(operation[1])
						.path(operation[0].toLowerCase(Locale.ROOT))
						.path("requestBody")
						.path("content")
						.path("application/json")
						.path("schema")
						.deepCopy();
					schema.put("additionalProperties", false);
					// Local $refs (#/components/schemas/…) resolve against this
					// document's root.
					schema.set("components", spec.get("components"));
					schemas.put(operation[0] + " " + operation[1], factory.getSchema(schema));
				}
				return schemas;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/**
	 * The metadata filter grammar of §3.1: {@code {"AND"|"OR": [condition | nested]}}.
	 */
	static final class Filters {

		private Filters() {
		}

		static boolean matches(JsonNode filter, Map<String, Object> metadata) {
			if (filter == null || filter.isNull() || filter.isMissingNode()) {
				return true;
			}
			if (filter.has("AND")) {
				for (JsonNode item : filter.get("AND")) {
					if (!matches(item, metadata)) {
						return false;
					}
				}
				return true;
			}
			if (filter.has("OR")) {
				for (JsonNode item : filter.get("OR")) {
					if (matches(item, metadata)) {
						return true;
					}
				}
				return false;
			}
			Object actual = metadata.get(filter.path("key").asText());
			String expected = filter.path("value").asText();
			boolean ignoreCase = filter.path("ignoreCase").asText("false").equals("true");
			String type = filter.path("filterType").asText("metadata");
			boolean result;
			if (actual == null) {
				result = false;
			}
			else if ("string_contains".equals(type)) {
				result = ignoreCase
						? actual.toString().toLowerCase(Locale.ROOT).contains(expected.toLowerCase(Locale.ROOT))
						: actual.toString().contains(expected);
			}
			else if ("numeric".equals(type)) {
				double a = Double.parseDouble(actual.toString());
				double e = Double.parseDouble(expected);
				result = switch (filter.path("numericOperator").asText("=")) {
					case ">" -> a > e;
					case "<" -> a < e;
					case ">=" -> a >= e;
					case "<=" -> a <= e;
					default -> a == e;
				};
			}
			else {
				result = ignoreCase ? actual.toString().equalsIgnoreCase(expected) : actual.toString().equals(expected);
			}
			boolean negate = filter.path("negate").asText("false").equals("true");
			return negate != result;
		}

	}

}
