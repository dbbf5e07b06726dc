package io.agentruntime.admin;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.support.Api;
import io.agentruntime.support.IntegrationTest;
import io.agentruntime.tenant.ApiKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/agent/api-keys}: a dealership hands out and revokes its own keys (DESIGN
 * §2, §3).
 */
class ApiKeyIntegrationTests extends IntegrationTest {

	private static final String KEYS = "/api/agent/api-keys";

	@Test
	void aCreatedKeyWorksOnlyForItsScopes() {
		Tenant tenant = newTenant("Scoped Keys Motors");

		String replyOnly = create(tenant, "Chat widget", List.of("agent:reply")).get("key").asText();
		String admin = create(tenant, "Staff tool", List.of("agent:admin")).get("key").asText();

		assertThat(this.api.post("/api/agent/reply", replyOnly, Map.of("message", "Hi")).status()).isEqualTo(200);
		assertThat(this.api.get("/api/agent/configs", replyOnly).status()).isEqualTo(403);
		assertThat(this.api.get(KEYS, replyOnly).status()).isEqualTo(403);
		assertThat(this.api.get("/api/agent/usage", replyOnly).status()).isEqualTo(403);
		assertThat(this.api.get("/api/admin/clients", replyOnly).status()).isEqualTo(403);
		assertThat(this.api.get("/api/agent/configs", admin).status()).isEqualTo(200);
		assertThat(this.api.post("/api/agent/reply", admin, Map.of("message", "Hi")).status())
			.as("agent:admin implies agent:reply")
			.isEqualTo(200);
		assertThat(this.api.get("/api/admin/clients", admin).status()).isEqualTo(403);
	}

	@Test
	void showsTheKeyOnceAndStoresOnlyItsHash() {
		Tenant tenant = newTenant("Hashed Keys Motors");

		JsonNode created = create(tenant, "Chat widget", List.of("agent:reply"));
		String key = created.get("key").asText();
		UUID id = UUID.fromString(created.get("id").asText());

		assertThat(key).startsWith(ApiKeys.PREFIX).hasSizeGreaterThan(40);
		assertThat(created.get("keyPrefix").asText()).isEqualTo(key.substring(0, 10));
		assertThat(created.get("scopes")).hasSize(1);
		Map<String, Object> row = this.jdbc.sql("select * from api_keys where id = ?").param(id).query().singleRow();
		assertThat(row.get("client_id")).isEqualTo(tenant.clientId());
		assertThat(row.get("key_hash")).isEqualTo(ApiKeys.hash(key));
		assertThat(row.values()).noneMatch(value -> value != null && value.toString().contains(key));

		Api.Response list = this.api.get(KEYS, tenant.adminKey());
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).doesNotContain(key).doesNotContain(ApiKeys.hash(key));
		JsonNode listed = null;
		for (JsonNode item : list.json()) {
			assertThat(item.has("key")).isFalse();
			if (item.get("id").asText().equals(id.toString())) {
				listed = item;
			}
		}
		assertThat(listed).isNotNull();
		assertThat(listed.get("name").asText()).isEqualTo("Chat widget");
		assertThat(listed.get("keyPrefix").asText()).isEqualTo(key.substring(0, 10));
		assertThat(listed.get("revokedAt").isNull()).isTrue();
		assertThat(listed.get("createdAt").asText()).isEqualTo(created.get("createdAt").asText());
	}

	@Test
	void aRevokedKeyAnswers401() {
		Tenant tenant = newTenant("Revoked Keys Motors");
		JsonNode created = create(tenant, "Old widget", List.of("agent:reply"));
		String key = created.get("key").asText();
		assertThat(this.api.post("/api/agent/reply", key, Map.of("message", "Hi")).status()).isEqualTo(200);

		assertThat(this.api.delete(KEYS + "/" + created.get("id").asText(), tenant.adminKey()).status()).isEqualTo(204);

		Api.Response rejected = this.api.post("/api/agent/reply", key, Map.of("message", "Hi"));
		assertThat(rejected.status()).isEqualTo(401);
		assertThat(rejected.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(rejected.contentType()).startsWith("application/problem+json");
		JsonNode listed = this.api.get(KEYS, tenant.adminKey()).json();
		assertThat(listed.findValues("revokedAt")).anyMatch(value -> !value.isNull());
		assertThat(this.api.delete(KEYS + "/" + created.get("id").asText(), tenant.adminKey()).status())
			.as("revoking twice is harmless")
			.isEqualTo(204);
	}

	@Test
	void answers404ForAnotherTenantsKeyExactlyAsForAMissingOne() {
		Tenant owner = newTenant("Key Owner Motors");
		Tenant other = newTenant("Key Thief Motors");
		JsonNode created = create(owner, "Owner widget", List.of("agent:reply"));

		Api.Response foreign = this.api.delete(KEYS + "/" + created.get("id").asText(), other.adminKey());
		Api.Response missing = this.api.delete(KEYS + "/" + UUID.randomUUID(), other.adminKey());
		Api.Response malformed = this.api.delete(KEYS + "/not-a-uuid", other.adminKey());

		for (Api.Response response : List.of(foreign, missing, malformed)) {
			assertThat(response.status()).isEqualTo(404);
			for (String field : List.of("type", "title", "status", "detail")) {
				assertThat(response.json().get(field)).isEqualTo(missing.json().get(field));
			}
		}
		assertThat(this.api.post("/api/agent/reply", created.get("key").asText(), Map.of("message", "Hi")).status())
			.isEqualTo(200);
		assertThat(this.api.get(KEYS, other.adminKey()).body()).doesNotContain(created.get("id").asText());
	}

	@Test
	void rejectsInvalidKeyRequests() {
		Tenant tenant = newTenant("Invalid Keys Motors");
		Map<String, Object> cases = Map.of("scopes", Map.of("name", "x", "scopes", List.of("platform:admin")),
				"scopes ", Map.of("name", "x", "scopes", List.of()), "name", Map.of("scopes", List.of("agent:reply")));
		cases.forEach((field, body) -> {
			Api.Response response = this.api.post(KEYS, tenant.adminKey(), body);
			assertThat(response.status()).as(field).isEqualTo(400);
			assertThat(response.json().get("errors").get(0).get("field").asText()).startsWith(field.trim());
		});
		assertThat(
				this.api.post(KEYS, tenant.replyKey(), Map.of("name", "x", "scopes", List.of("agent:admin"))).status())
			.as("a reply key cannot mint an admin key")
			.isEqualTo(403);
		assertThat(this.jdbc.sql("select count(*) from api_keys where client_id = ?")
			.param(tenant.clientId())
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	private JsonNode create(Tenant tenant, String name, List<String> scopes) {
		Api.Response response = this.api.post(KEYS, tenant.adminKey(), Map.of("name", name, "scopes", scopes));
		assertThat(response.status()).isEqualTo(201);
		return response.json();
	}

}
