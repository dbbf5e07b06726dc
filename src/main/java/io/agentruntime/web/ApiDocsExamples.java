package io.agentruntime.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;

import org.springframework.http.HttpStatus;

/**
 * What makes {@code /v3/api-docs} useful to a reader (issue 17): for every error status
 * of every operation the problem that operation really answers (not one 404 for all),
 * {@code 413}/{@code 415} where a body is read, {@code Retry-After} on 429 and 503, field
 * descriptions and the {@code degradedReasons} enum of the reply, examples that work with
 * try-it's demo tenant, and the tags in the order a newcomer needs them. Pure functions
 * of the document; set only where missing, so annotations on controllers win.
 */
final class ApiDocsExamples {

	/** The reply's degraded reasons (DESIGN §3). */
	static final List<String> DEGRADED_REASONS = List.of("memory_unavailable", "llm_unavailable", "llm_invalid_output",
			"policy_blocked");

	/** Tags in reading order: the reply first, platform and ops last. */
	static final List<String> TAG_ORDER = List.of("Reply", "Leads", "Memory", "Conversations", "Agent configs",
			"API keys", "Usage", "Clients", "Ops");

	private static final String PROBLEM_JSON = "application/problem+json";

	private ApiDocsExamples() {
	}

	/** Adds the error statuses every operation of this kind can answer. */
	static void addStatuses(String path, Operation operation) {
		ApiResponses responses = operation.getResponses();
		if (operation.getRequestBody() != null) {
			responses.putIfAbsent("413", new ApiResponse().description("Body larger than 64 KiB"));
			responses.putIfAbsent("415", new ApiResponse().description("Body not sent as application/json"));
		}
		if (!path.equals("/api/agent/health")) {
			responses.putIfAbsent("503",
					new ApiResponse().description("The database is unreachable; retry after " + "Retry-After seconds"
							+ (path.startsWith("/api/agent/leads")
									? ", or (DELETE) memory could " + "not be erased and nothing was deleted" : "")));
		}
		if (path.equals("/api/agent/memory")) {
			responses.putIfAbsent("429", new ApiResponse().description("The dealership's requests-per-minute limit"));
		}
	}

	/**
	 * Sets the example problems and the Retry-After header of one error response; the
	 * content is already the problem schema.
	 */
	static void describeError(String path, String method, String status, ApiResponse response) {
		MediaType media = (response.getContent() != null) ? response.getContent().get(PROBLEM_JSON) : null;
		if (media == null) {
			return;
		}
		Map<String, Map<String, Object>> problems = problems(path, method, Integer.parseInt(status));
		if (problems.size() == 1) {
			media.setExample(problems.values().iterator().next());
		}
		else {
			problems.forEach((name, problem) -> media.addExamples(name,
					new Example().summary((String) problem.get("title")).value(problem)));
		}
		if (status.equals("429") || status.equals("503")) {
			response.addHeaderObject("Retry-After", new Header().description("Seconds to wait before retrying.")
				.schema(new IntegerSchema().example(status.equals("429") ? 12 : 5)));
		}
	}

	/**
	 * The problems an operation answers with this status, by name: one for most, two
	 * where two kinds share a status (a reply's 429 and 503).
	 */
	static Map<String, Map<String, Object>> problems(String path, String method, int status) {
		Map<String, Map<String, Object>> problems = new LinkedHashMap<>();
		boolean reply = path.equals("/api/agent/reply");
		switch (status) {
			case 400 -> problems.put("validation", validation(field(path, method)));
			case 401 -> problems.put("unauthorized", problem(401, "unauthorized", "Unauthorized",
					"A valid bearer credential (JWT or API key) is required."));
			case 403 -> problems.put("forbidden",
					problem(403, "forbidden", "Forbidden", "The credential does not allow this operation."));
			case 404 -> problems.put("not-found", problem(404, "not-found", "Not found", notFound(path)));
			case 409 -> problems.put("conflict", conflict(path, method));
			case 413 -> problems.put("payload-too-large",
					problem(413, "payload-too-large", "Payload too large", "The request body is larger than 64 KiB."));
			case 415 -> problems.put("unsupported-media-type", problem(415, "unsupported-media-type",
					"Unsupported media type", "Send the request body as application/json."));
			case 429 -> {
				problems.put("rate-limited", problem(429, "rate-limited", "Too many requests",
						"This dealership's requests-per-minute limit is reached. Retry after the indicated time."));
				if (reply) {
					problems.put("token-budget-exhausted",
							problem(429, "token-budget-exhausted", "Daily token budget exhausted",
									"This dealership's daily token budget is used up. It resets at midnight UTC."));
				}
			}
			case 503 -> {
				if (reply) {
					problems.put("overloaded", problem(503, "overloaded", "Service busy",
							"Too many replies are in progress on this instance. Retry after the indicated time."));
				}
				if (path.startsWith("/api/agent/leads") && "DELETE".equals(method)) {
					problems.put("memory-unavailable", problem(503, "memory-unavailable", "Memory unavailable",
							"The lead's memory could not be erased right now. Nothing was deleted; try again shortly."));
				}
				problems.put("service-unavailable", problem(503, "service-unavailable", "Service unavailable",
						"The service cannot reach its database. Try again shortly."));
			}
			default -> {
				HttpStatus known = HttpStatus.resolve(status);
				String title = (known != null) ? known.getReasonPhrase() : "Error";
				problems.put(title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'),
						problem(status, title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'), title,
								"The request could not be completed."));
			}
		}
		return problems;
	}

	private static String notFound(String path) {
		if (path.equals("/api/agent/configs/active")) {
			return "No agent config is active.";
		}
		if (path.startsWith("/api/agent/configs")) {
			return "No agent config with this id.";
		}
		if (path.startsWith("/api/agent/conversations")) {
			return "No conversation with this id.";
		}
		if (path.startsWith("/api/agent/api-keys")) {
			return "No API key with this id.";
		}
		if (path.startsWith("/api/admin/clients")) {
			return "No client with this id.";
		}
		// The reply, memory ingest and the leads endpoints: an unknown leadId.
		return "No lead with this id.";
	}

	private static Map<String, Object> conflict(String path, String method) {
		if (path.endsWith("/activate")) {
			return problem(409, "activation-conflict", "Activation conflict",
					"Another change to the active config happened at the same time. Retry.");
		}
		if ("DELETE".equals(method)) {
			return problem(409, "active-config-cannot-be-deleted", "Active config cannot be deleted",
					"This config is active. Activate another config before deleting it.");
		}
		return problem(409, "stale-version", "Stale version",
				"The config was changed by someone else. Read it again and retry with its current version.");
	}

	/** The field a validation example names, one the operation really checks. */
	private static String[] field(String path, String method) {
		if (path.equals("/api/agent/reply")) {
			return new String[] { "message", "must not be blank" };
		}
		if (path.startsWith("/api/agent/leads")) {
			return new String[] { "email", "must be a well-formed email address" };
		}
		if (path.equals("/api/agent/memory")) {
			return new String[] { "content", "must not be blank" };
		}
		if (path.startsWith("/api/agent/usage")) {
			return new String[] { "from", "must be a date YYYY-MM-DD" };
		}
		if (path.startsWith("/api/agent/configs") && "PUT".equals(method)) {
			return new String[] { "version", "must not be null" };
		}
		if (path.contains("api-keys")) {
			return new String[] { "scopes", "must not be empty" };
		}
		return new String[] { "name", "must not be blank" };
	}

	private static Map<String, Object> validation(String[] field) {
		Map<String, Object> problem = problem(400, "validation", "Invalid request", "The request has invalid fields.");
		problem.put("errors", List.of(Map.of("field", field[0], "message", field[1])));
		return problem;
	}

	private static Map<String, Object> problem(int status, String slug, String title, String detail) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", Problems.TYPE_BASE + slug);
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", detail);
		return problem;
	}

	/**
	 * Field descriptions, the degraded-reasons enum and try-it examples for the reply's
	 * schemas; the reply's tag first.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	static void describeSchemasAndTags(OpenAPI openApi) {
		Map<String, Schema> schemas = (openApi.getComponents() != null) ? openApi.getComponents().getSchemas() : null;
		if (schemas != null) {
			describe(schemas.get("ReplyRequest"),
					Map.of("message", "The lead's message, 1..4000 characters after trim.", "leadId",
							"A lead of this dealership (PUT /api/agent/leads/{leadId} first); its memory is recalled. "
									+ "Unknown: 404.",
							"conversationId",
							"Groups exchanges: the last ones of this conversation go to the LLM as history (≤ 128).",
							"topic", "Recall searches memory for this instead of the message (≤ 200).", "model",
							"One of agent.llm.allowed-models; absent for the config's or the service's model.",
							"maxTokens", "Completion token limit for this reply, 1..2000."));
			describe(schemas.get("ReplyResponse"), Map.of("reply", "The text to show the lead.", "quickReplies",
					"0..4 short follow-ups the lead can click.", "usedConfigId",
					"The active config the reply was written in; null when the dealership has none (defaults).",
					"memoryContextDocs", "What memory recall contributed, best first.", "exchangeId",
					"The audit row of this exchange.", "model", "The model that wrote the reply; null on fallback.",
					"degraded", "True when memory was skipped or the fallback reply was sent.", "degradedReasons",
					"Why the reply is degraded; empty when it is not."));
			describe(schemas.get("ReplyResponse"), Map.of("handoff",
					"This turn's hand-off request ({requested, reason}), or null; also set when the lead plainly "
							+ "asks for a person.",
					"qualification",
					"What is known about the lead (intent, vehicle, timeframe, tradeIn, financing, "
							+ "contactPreference), merged across the conversation's turns; null when unknown.",
					"conversationState",
					"ai | handoff | human | closed; null without a conversationId. In state human the answer is "
							+ "202 and staff reply."));
			describe(schemas.get("MemoryDoc"), Map.of("id", "The memory document's id.", "score", "Relevance 0..1.",
					"snippet", "The document's text, at most 500 characters."));
			Schema reasons = property(schemas.get("ReplyResponse"), "degradedReasons");
			if (reasons != null && reasons.getItems() != null && reasons.getItems().getEnum() == null) {
				reasons.getItems().setEnum(DEGRADED_REASONS);
			}
		}
		List<Tag> tags = new java.util.ArrayList<>();
		Map<String, String> described = new LinkedHashMap<>();
		if (openApi.getTags() != null) {
			openApi.getTags().forEach(tag -> described.put(tag.getName(), tag.getDescription()));
		}
		described.putIfAbsent("Reply", "The agent's answer to a lead's message: start here.");
		described.putIfAbsent("Ops", "Health of the service and its upstreams.");
		java.util.Set<String> used = new java.util.LinkedHashSet<>();
		if (openApi.getPaths() != null) {
			openApi.getPaths()
				.values()
				.forEach(item -> item.readOperations()
					.forEach(
							operation -> used.addAll((operation.getTags() != null) ? operation.getTags() : List.of())));
		}
		for (String name : TAG_ORDER) {
			if (used.remove(name)) {
				tags.add(new Tag().name(name).description(described.get(name)));
			}
		}
		used.forEach(name -> tags.add(new Tag().name(name).description(described.get(name))));
		openApi.setTags(tags);
	}

	@SuppressWarnings("rawtypes")
	private static void describe(Schema schema, Map<String, String> descriptions) {
		if (schema == null) {
			return;
		}
		descriptions.forEach((name, description) -> {
			Schema property = property(schema, name);
			if (property != null && property.getDescription() == null) {
				property.setDescription(description);
			}
		});
	}

	@SuppressWarnings("rawtypes")
	private static Schema property(Schema schema, String name) {
		return (schema != null && schema.getProperties() != null) ? (Schema) schema.getProperties().get(name) : null;
	}

}
