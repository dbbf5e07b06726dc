package io.agentruntime.web;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.support.Api;
import io.agentruntime.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document at {@code /v3/api-docs} and the Swagger UI (DESIGN §3). */
class OpenApiIntegrationTests extends IntegrationTest {

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	@Test
	void documentsEveryEndpointWithSchemasAndSecurity() {
		Api.Response response = this.api.get("/v3/api-docs", null);
		assertThat(response.status()).isEqualTo(200);
		JsonNode doc = response.json();
		JsonNode schemes = doc.get("components").get("securitySchemes");
		assertThat(schemes.get("bearerJwt").get("scheme").asText()).isEqualTo("bearer");
		assertThat(schemes.get("bearerJwt").get("bearerFormat").asText()).isEqualTo("JWT");
		assertThat(schemes.get("bearerApiKey").get("scheme").asText()).isEqualTo("bearer");

		List<String> endpoints = endpoints();
		assertThat(endpoints).contains("POST /api/agent/reply", "GET /api/agent/configs", "POST /api/agent/configs",
				"GET /api/agent/configs/active", "GET /api/agent/configs/{id}", "PUT /api/agent/configs/{id}",
				"DELETE /api/agent/configs/{id}", "POST /api/agent/configs/{id}/activate",
				"GET /api/agent/configs/{id}/prompt-preview", "POST /api/agent/api-keys", "GET /api/agent/api-keys",
				"DELETE /api/agent/api-keys/{id}", "POST /api/admin/clients", "GET /api/admin/clients",
				"PATCH /api/admin/clients/{id}", "POST /api/admin/clients/{id}/api-keys",
				"GET /api/agent/conversations/{conversationId}", "GET /api/agent/usage", "GET /api/agent/health",
				"PUT /api/agent/leads/{leadId}", "GET /api/agent/leads/{leadId}", "DELETE /api/agent/leads/{leadId}",
				"POST /api/agent/memory");
		for (String endpoint : endpoints) {
			String[] parts = endpoint.split(" ");
			JsonNode operation = doc.get("paths").path(parts[1]).path(parts[0].toLowerCase(Locale.ROOT));
			assertThat(operation.isMissingNode()).as("documented: " + endpoint).isFalse();
			assertDocumented(endpoint, operation);
		}
	}

	@Test
	void carriesExamplesAndTheProblemSchema() {
		JsonNode doc = this.api.get("/v3/api-docs", null).json();
		JsonNode schemas = doc.get("components").get("schemas");
		assertThat(schemas.get("AgentConfigRequest").get("properties").get("name").get("example").asText())
			.isEqualTo("Riley");
		assertThat(schemas.get("AgentConfigRequest").get("required")).extracting(JsonNode::asText).contains("name");
		assertThat(schemas.get("AgentConfig").get("properties").has("isActive")).isTrue();
		assertThat(schemas.get("CreatedApiKey").get("properties").has("key")).isTrue();
		assertThat(schemas.get("ApiKey").get("properties").has("key")).as("listings carry no secret").isFalse();
		assertThat(schemas.get("Problem").get("properties").has("errors")).isTrue();
		assertThat(schemas.get("ReplyRequest").get("example").get("message").asText()).isNotBlank();
		JsonNode conflict = doc.get("paths").get("/api/agent/configs/{id}").get("put").get("responses").get("409");
		assertThat(conflict.get("content").get("application/problem+json").get("schema").get("$ref").asText())
			.isEqualTo("#/components/schemas/Problem");
	}

	@Test
	void everyDocumentedErrorStatusOfEveryOperationHasItsOwnExample() {
		JsonNode paths = this.api.get("/v3/api-docs", null).json().get("paths");
		List<String> checked = new ArrayList<>();
		paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
			Map<String, String> detailByStatus = new java.util.HashMap<>();
			operation.getValue().get("responses").fields().forEachRemaining(response -> {
				String status = response.getKey();
				if (!status.startsWith("4") && !status.startsWith("5") || path.getKey().equals("/api/agent/health")) {
					return;
				}
				String where = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " " + status;
				JsonNode media = response.getValue().path("content").path("application/problem+json");
				List<JsonNode> examples = new ArrayList<>();
				if (media.has("example")) {
					examples.add(media.get("example"));
				}
				media.path("examples").forEach(named -> examples.add(named.get("value")));
				assertThat(examples).as("example of " + where).isNotEmpty();
				for (JsonNode example : examples) {
					assertThat(example.get("status").asInt()).as("status of the example of " + where)
						.isEqualTo(Integer.parseInt(status));
					assertThat(example.get("type").asText()).as("type of " + where)
						.startsWith("https://agent-runtime.dev/problems/");
					assertThat(example.get("detail").asText()).as("detail of " + where).isNotBlank();
				}
				detailByStatus.put(status, examples.get(0).get("detail").asText());
				if (status.equals("429") || status.equals("503")) {
					assertThat(response.getValue().path("headers").has("Retry-After")).as("Retry-After of " + where)
						.isTrue();
				}
				checked.add(where);
			});
			assertThat(new java.util.HashSet<>(detailByStatus.values())).as("distinct examples of " + path.getKey())
				.hasSize(detailByStatus.size());
		}));
		assertThat(checked).contains("POST /api/agent/reply 401", "POST /api/agent/reply 413",
				"POST /api/agent/reply 415", "POST /api/agent/reply 429", "PUT /api/agent/configs/{id} 409",
				"GET /api/agent/conversations/{conversationId} 404");
	}

	@Test
	void describesTheReplyFirstWithItsFieldsAndDegradedReasons() {
		JsonNode doc = this.api.get("/v3/api-docs", null).json();
		assertThat(doc.get("tags").get(0).get("name").asText()).isEqualTo("Reply");
		List<String> tags = new ArrayList<>();
		doc.get("tags").forEach(tag -> tags.add(tag.get("name").asText()));
		assertThat(tags).doesNotContain("demo-controller");
		assertThat(doc.get("paths").has("/demo/config.json")).isFalse();
		JsonNode response = doc.get("components").get("schemas").get("ReplyResponse").get("properties");
		assertThat(response.get("degradedReasons").get("items").get("enum")).extracting(JsonNode::asText)
			.containsExactly("memory_unavailable", "llm_unavailable", "llm_invalid_output", "policy_blocked");
		response.fields()
			.forEachRemaining(field -> assertThat(field.getValue().path("description").asText())
				.as("description of " + field.getKey())
				.isNotBlank());
		JsonNode example = doc.get("components").get("schemas").get("ReplyRequest").get("example");
		assertThat(example.get("leadId").asText()).as("the try-it demo lead").isEqualTo("demo-lead");
	}

	@Test
	void servesTheSwaggerUi() {
		Api.Response entry = this.api.get("/swagger-ui.html", null);
		assertThat(entry.status()).isIn(200, 302);
		Api.Response page = this.api.get("/swagger-ui/index.html", null);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).containsIgnoringCase("swagger");
	}

	/** Every API endpoint the application serves, as "METHOD /path". */
	private List<String> endpoints() {
		List<String> endpoints = new ArrayList<>();
		this.mappings.getHandlerMethods().forEach((info, method) -> {
			for (String path : info.getPatternValues()) {
				if (path.startsWith("/api/")) {
					for (RequestMethod verb : info.getMethodsCondition().getMethods()) {
						endpoints.add(verb + " " + path);
					}
				}
			}
		});
		return endpoints;
	}

	private static void assertDocumented(String endpoint, JsonNode operation) {
		JsonNode responses = operation.get("responses");
		boolean successWithBody = false;
		for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> entry = it.next();
			if (entry.getKey().startsWith("2") && !entry.getKey().equals("204")) {
				JsonNode content = entry.getValue().get("content");
				assertThat(content).as("response schema of " + endpoint).isNotNull();
				assertThat(content.elements().next().get("schema")).as("response schema of " + endpoint).isNotNull();
				successWithBody = true;
			}
			if (entry.getKey().startsWith("4")) {
				assertThat(entry.getValue().get("content").has("application/problem+json"))
					.as("problem body of " + endpoint + " " + entry.getKey())
					.isTrue();
			}
		}
		assertThat(successWithBody || responses.has("204") || responses.has("202")).as("success of " + endpoint)
			.isTrue();
		if (operation.has("requestBody")) {
			assertThat(operation.get("requestBody").get("content").get("application/json").get("schema"))
				.as("request schema of " + endpoint)
				.isNotNull();
			assertThat(responses.has("400")).as("400 of " + endpoint).isTrue();
		}
		if (endpoint.endsWith("/api/agent/health")) {
			assertThat(operation.get("security")).as("health is public").isEmpty();
			return;
		}
		String scope = operation.get("x-required-scope").asText();
		assertThat(scope).as("scope of " + endpoint).isIn("agent:reply", "agent:admin", "platform:admin");
		List<String> schemes = new ArrayList<>();
		operation.get("security").forEach(requirement -> requirement.fields().forEachRemaining(scheme -> {
			schemes.add(scheme.getKey());
			assertThat(scheme.getValue()).extracting(JsonNode::asText).containsExactly(scope);
		}));
		assertThat(schemes).as("security of " + endpoint).containsExactlyInAnyOrder("bearerJwt", "bearerApiKey");
		assertThat(responses.has("401") && responses.has("403")).as("401/403 of " + endpoint).isTrue();
	}

}
