package io.agentruntime.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.support.Api;
import io.agentruntime.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/admin/clients}: the platform onboards, limits and disables dealerships
 * (DESIGN §3).
 */
class ClientAdminIntegrationTests extends IntegrationTest {

	private static final String CLIENTS = "/api/admin/clients";

	@Test
	void onboardsADealershipWithItsFirstCredential() {
		Api.Response created = this.api.post(CLIENTS, PLATFORM_KEY, Map.of("name", "  Lakeside Toyota  "));

		assertThat(created.status()).isEqualTo(201);
		JsonNode client = created.json();
		String id = client.get("id").asText();
		assertThat(client.get("name").asText()).isEqualTo("Lakeside Toyota");
		assertThat(client.get("active").asBoolean()).isTrue();
		assertThat(client.get("limits").has("requestsPerMinute")).isTrue();
		assertThat(client.get("limits").get("requestsPerMinute").isNull()).isTrue();
		assertThat(client.get("limits").get("tokensPerDay").isNull()).isTrue();
		assertThat(this.api.get(CLIENTS, PLATFORM_KEY).json().findValuesAsText("id")).contains(id);

		Api.Response key = this.api.post(CLIENTS + "/" + id + "/api-keys", PLATFORM_KEY,
				Map.of("name", "Onboarding", "scopes", List.of("agent:admin")));
		assertThat(key.status()).isEqualTo(201);
		String adminKey = key.json().get("key").asText();
		assertThat(key.json().get("clientId").asText()).isEqualTo(id);

		Api.Response config = this.api.post("/api/agent/configs", adminKey, Map.of("name", "Lakeside assistant"));
		assertThat(config.status()).isEqualTo(201);
		assertThat(this.jdbc.sql("select client_id from ai_agent_config where id = ?")
			.param(UUID.fromString(config.json().get("id").asText()))
			.query(UUID.class)
			.single()).hasToString(id);
		assertThat(this.api
			.post("/api/agent/api-keys", adminKey, Map.of("name", "Widget", "scopes", List.of("agent:reply")))
			.status()).isEqualTo(201);
	}

	@Test
	void setsLimitsAndDisablesADealership() {
		Tenant tenant = newTenant("Soon Disabled Motors");
		String path = CLIENTS + "/" + tenant.clientId();

		Api.Response limited = this.api.patch(path, PLATFORM_KEY,
				Map.of("requestsPerMinute", 30, "tokensPerDay", 50_000));
		assertThat(limited.status()).isEqualTo(200);
		assertThat(limited.json().get("limits").get("requestsPerMinute").asInt()).isEqualTo(30);
		assertThat(limited.json().get("limits").get("tokensPerDay").asLong()).isEqualTo(50_000);
		assertThat(limited.json().get("active").asBoolean()).isTrue();
		Map<String, Object> row = this.jdbc.sql("select * from clients where id = ?")
			.param(tenant.clientId())
			.query()
			.singleRow();
		assertThat(row.get("requests_per_minute")).isEqualTo(30);
		assertThat(row.get("tokens_per_day")).isEqualTo(50_000L);
		assertThat(this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Hi")).status())
			.isEqualTo(200);

		Api.Response disabled = this.api.patch(path, PLATFORM_KEY, Map.of("active", false));
		assertThat(disabled.status()).isEqualTo(200);
		assertThat(disabled.json().get("active").asBoolean()).isFalse();
		assertThat(disabled.json().get("limits").get("requestsPerMinute").asInt()).as("absent fields unchanged")
			.isEqualTo(30);

		Api.Response reply = this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Hi"));
		assertThat(reply.status()).isEqualTo(403);
		assertThat(reply.json().get("type").asText()).endsWith("/client-disabled");
		assertThat(this.api.get("/api/agent/configs", tenant.adminKey()).status()).isEqualTo(403);
		String jwt = jwt(tenant.clientId(), "agent:reply", Instant.now().plusSeconds(300));
		assertThat(this.api.post("/api/agent/reply", jwt, Map.of("message", "Hi")).status()).isEqualTo(403);

		assertThat(this.api.patch(path, PLATFORM_KEY, Map.of("active", true)).status()).isEqualTo(200);
		assertThat(this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Hi")).status())
			.isEqualTo(200);
	}

	@Test
	void answers404ForAnUnknownClient() {
		for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
			assertThat(this.api.patch(CLIENTS + "/" + id, PLATFORM_KEY, Map.of("active", false)).status())
				.isEqualTo(404);
			assertThat(this.api
				.post(CLIENTS + "/" + id + "/api-keys", PLATFORM_KEY,
						Map.of("name", "x", "scopes", List.of("agent:reply")))
				.status()).isEqualTo(404);
		}
	}

	@Test
	void validatesClientRequests() {
		assertThat(this.api.post(CLIENTS, PLATFORM_KEY, Map.of("name", " "))
			.json()
			.get("errors")
			.get(0)
			.get("field")
			.asText()).isEqualTo("name");
		Tenant tenant = newTenant("Validated Motors");
		Api.Response response = this.api.patch(CLIENTS + "/" + tenant.clientId(), PLATFORM_KEY,
				Map.of("requestsPerMinute", 0));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("requestsPerMinute");
	}

	@Test
	void onlyThePlatformAdminManagesClients() {
		Tenant tenant = newTenant("Ambitious Motors");
		assertThat(this.api.get(CLIENTS, tenant.adminKey()).status()).isEqualTo(403);
		assertThat(this.api.post(CLIENTS, tenant.adminKey(), Map.of("name", "Mine")).status()).isEqualTo(403);
		assertThat(this.api
			.patch(CLIENTS + "/" + tenant.clientId(), tenant.adminKey(), Map.of("tokensPerDay", 999_999_999))
			.status()).isEqualTo(403);
		assertThat(this.api.get(CLIENTS, null).status()).isEqualTo(401);
		assertThat(this.api.get(CLIENTS, jwt(null, "platform:admin", Instant.now().plusSeconds(300))).status())
			.as("a platform JWT works too")
			.isEqualTo(200);
		assertThat(this.api.get("/api/agent/configs", PLATFORM_KEY).status()).as("no tenant data for the platform")
			.isEqualTo(403);
	}

}
