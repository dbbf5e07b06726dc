package io.agentruntime.web;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}).
 * Controllers describe their operations and bodies; this class adds what is the same
 * everywhere, from the path table {@code SecurityConfiguration} authorizes with
 * ({@link ApiAccess}): the two bearer schemes and the required scope on every secured
 * operation, 401/403 responses, and the RFC 9457 problem schema on every error response.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	/** Security scheme name: a JWT with {@code client_id} and {@code scope} claims. */
	static final String BEARER_JWT = "bearerJwt";

	/**
	 * Security scheme name: a tenant API key ({@code ark_…}) or the platform admin key.
	 */
	static final String BEARER_API_KEY = "bearerApiKey";

	static final String PROBLEM = "Problem";

	private static final String PROBLEM_JSON = "application/problem+json";

	@Bean
	OpenAPI agentRuntimeOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Agent runtime API")
				.version("v1")
				.description("Multi-tenant agent runtime for dealership conversations. Every call but the health "
						+ "check needs `Authorization: Bearer <JWT or API key>`; the tenant always comes from the "
						+ "credential. Errors are RFC 9457 problems (`application/problem+json`)."))
			.components(new Components()
				.addSecuritySchemes(BEARER_JWT,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("JWT")
							.description("HS256 or RS256 JWT with claims `client_id` (tenant UUID), `scope` "
									+ "(space separated) and `exp`."))
				.addSecuritySchemes(BEARER_API_KEY,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("API key")
							.description("A tenant API key (`ark_…`, created through the API), a publishable "
									+ "widget key (`apk_…`, reply only, from its allowed origins) or, for "
									+ "`/api/admin/**`, the platform admin key.")));
	}

	@Bean
	OpenApiCustomizer securityAndProblemCustomizer() {
		return openApi -> {
			// Added here, not on the bean: springdoc drops schemas nothing references
			// before customizers run.
			if (openApi.getComponents() == null) {
				openApi.setComponents(new Components());
			}
			openApi.getComponents().addSchemas(PROBLEM, problemSchema());
			if (openApi.getPaths() == null) {
				return;
			}
			describeCoreEndpoints(openApi);
			ApiDocsExamples.describeSchemasAndTags(openApi);
			openApi.getPaths()
				.forEach((path, item) -> item.readOperationsMap()
					.forEach((method, operation) -> describe(path, method.name(), operation)));
		};
	}

	/**
	 * Summaries and examples for the reply and health endpoints, whose controllers carry
	 * no OpenAPI annotations; set only where missing, so annotations added there later
	 * win.
	 */
	private static void describeCoreEndpoints(OpenAPI openApi) {
		PathItem reply = openApi.getPaths().get("/api/agent/reply");
		if (reply != null && reply.getPost() != null && reply.getPost().getSummary() == null) {
			reply.getPost()
				.summary("Answer a lead's message")
				.description("The dealership's active config (or the defaults), what memory recalls and the "
						+ "conversation so far go to the LLM; upstream faults degrade the reply, never fail it.\n\n"
						+ "Also open to widget credentials (scope `agent:widget`: `apk_…` keys from their allowed "
						+ "origins, or a JWT whose `lead_id` claim binds the lead; docs/widget.md): no `leadId` "
						+ "(400), a `conversationId` only with its `X-Conversation-Token` (else 403), answers carry "
						+ "`conversationId` and `conversationToken` and no `memoryContextDocs`.")
				.tags(List.of("Reply"));
			reply.getPost()
				.getResponses()
				.putIfAbsent("403",
						new ApiResponse().description("Wrong scope or a disabled dealership; a widget "
								+ "key from an origin it does not list (type origin-not-allowed); a widget naming a "
								+ "conversation without its token (type conversation-token)"));
			reply.getPost().getResponses().putIfAbsent("404", new ApiResponse().description("Unknown leadId"));
			reply.getPost()
				.getResponses()
				.putIfAbsent("429", new ApiResponse().description("Rate limit or daily token budget exceeded"));
			reply.getPost()
				.getResponses()
				.putIfAbsent("503",
						new ApiResponse()
							.description("Busy (type overloaded, Retry-After 1): this instance already works on "
									+ "agent.reply.max-in-flight replies or has no free database connection; "
									+ "or the database is unreachable (type service-unavailable, Retry-After 5)"));
		}
		PathItem health = openApi.getPaths().get("/api/agent/health");
		if (health != null && health.getGet() != null && health.getGet().getSummary() == null) {
			health.getGet()
				.summary("Health of the service and its upstreams")
				.description("No authentication. 200 for UP and DEGRADED, 503 for DOWN (database unreachable).")
				.tags(List.of("Ops"));
		}
		Map<String, Schema> schemas = openApi.getComponents().getSchemas();
		// try-it's demo lead, so "Try it out" with the demo key answers 200.
		example(schemas, "ReplyRequest", Map.of("message", "Is the red F-150 still available?", "leadId", "demo-lead",
				"conversationId", "swagger-1"));
		example(schemas, "ReplyResponse",
				Map.of("reply",
						"I can ask our team to check the inventory for you right away. Would you like to book a "
								+ "test drive?",
						"quickReplies", List.of("Book a test drive", "See financing options"), "usedConfigId",
						"8f0c2a4e-5b7d-4f7e-9a51-2f8e1c3b6d90", "memoryContextDocs",
						List.of(Map.of("id", "doc_1", "score", 0.83, "snippet", "Asked about the red F-150 last week")),
						"exchangeId", "5d0b1f2e-8c3a-4e7d-9f61-a2b3c4d5e6f7", "model", "openai/gpt-4o-mini", "degraded",
						false, "degradedReasons", List.of()));
		example(schemas, "Health", Map.of("status", "UP", "checks",
				Map.of("database", Map.of("status", "UP", "latencyMs", 3, "detail", "ok"))));
	}

	@SuppressWarnings("rawtypes")
	private static void example(Map<String, Schema> schemas, String name, Object example) {
		if (schemas != null && schemas.get(name) != null && schemas.get(name).getExample() == null) {
			schemas.get(name).setExample(example);
		}
	}

	private static void describe(String path, String method, Operation operation) {
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		operation.setResponses(responses);
		String scope = ApiAccess.requiredScope(path);
		if (scope == null) {
			operation.setSecurity(List.of());
		}
		else {
			// OpenAPI 3.1 lets an http scheme list the roles it needs: here, the scope.
			operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER_JWT, scope),
					new SecurityRequirement().addList(BEARER_API_KEY, scope)));
			operation.addExtension("x-required-scope", scope);
			String note = "Requires scope `" + scope + "`.";
			operation.setDescription(
					(operation.getDescription() != null) ? operation.getDescription() + "\n\n" + note : note);
			responses.putIfAbsent("401", new ApiResponse().description("Missing, invalid or expired credential"));
			responses.putIfAbsent("403",
					new ApiResponse().description("Wrong scope, or the dealership is unknown or disabled"));
		}
		if (operation.getRequestBody() != null) {
			responses.putIfAbsent("400", new ApiResponse().description("Invalid fields or malformed body"));
		}
		ApiDocsExamples.addStatuses(path, operation);
		responses.forEach((code, response) -> {
			boolean error = code.startsWith("4") || code.startsWith("5");
			// springdoc fills annotated error responses with the success type; errors are
			// always problems.
			if (error) {
				response.setContent(new Content().addMediaType(PROBLEM_JSON,
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
				ApiDocsExamples.describeError(path, method, code, response);
			}
		});
	}

	@SuppressWarnings("rawtypes")
	private static Schema problemSchema() {
		ObjectSchema error = new ObjectSchema();
		error.addProperty("field", new StringSchema().example("name"));
		error.addProperty("message", new StringSchema().example("must not be blank"));
		ObjectSchema problem = new ObjectSchema();
		problem.description("RFC 9457 problem details.");
		problem.addProperty("type", new StringSchema().format("uri").example(Problems.TYPE_BASE + "validation"));
		problem.addProperty("title", new StringSchema().example("Invalid request"));
		problem.addProperty("status", new IntegerSchema().example(400));
		problem.addProperty("detail", new StringSchema().example("The request has invalid fields."));
		problem.addProperty("instance", new StringSchema().format("uri-reference"));
		problem.addProperty("errors",
				new ArraySchema().items(error).description("Field errors, on validation problems only."));
		problem.setRequired(List.of("type", "title", "status"));
		problem.setExample(Map.of("type", Problems.TYPE_BASE + "not-found", "title", "Not found", "status", 404,
				"detail", "No agent config with this id."));
		return problem;
	}

}
