package io.agentruntime.proof;

import java.util.Map;

import io.agentruntime.support.Api;
import io.agentruntime.support.FakeLlm;
import io.agentruntime.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz campaign's findings as plain examples, so that each stays fixed even if the
 * seed or the generators change (issue 9).
 */
class FuzzFindingsIntegrationTests extends IntegrationTest {

	@Test
	void answers400ForANulCharacterInsteadOfFailingTheAuditInsert() {
		Tenant tenant = newTenant("Nul Motors");

		for (String field : new String[] { "message", "leadId", "conversationId", "topic" }) {
			Map<String, Object> body = new java.util.HashMap<>(Map.of("message", "Hello from the NUL test"));
			body.put(field, "before\u0000after");
			Api.Response response = this.api.post(Api.REPLY_PATH, tenant.replyKey(), body);

			assertProblem(response, 400);
			assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
		}
		assertThat(auditRows(tenant)).isZero();
	}

	@Test
	void keepsAReplyWhoseLlmTextCarriesNulCharactersAndAuditsItWithoutThem() {
		Tenant tenant = newTenant("Nul Reply Motors");
		LLM.enqueue(FakeLlm.reply("Yes,\u0000 the red one is here.", "Book\u0000 a test drive"));

		Api.Response response = this.api.post(Api.REPLY_PATH, tenant.replyKey(), Map.of("message", "Is it in stock?"));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().get("degraded").asBoolean()).isFalse();
		assertThat(response.json().get("reply").asText()).endsWith("Yes, the red one is here.");
		assertThat(response.json().get("quickReplies").get(0).asText()).isEqualTo("Book a test drive");
		assertThat(this.jdbc.sql("select reply from agent_exchange where client_id = ?")
			.param(tenant.clientId())
			.query(String.class)
			.single()).endsWith("Yes, the red one is here.");
	}

	@Test
	void encodedPathsMeetTheSameScopeChecksAsTheirDecodedForm() {
		Tenant tenant = newTenant("Encoded Path Motors");

		Api.Response usage = this.api.get("/api/agent/%75sage", tenant.replyKey());
		Api.Response admin = this.api.get("/api/%61dmin/clients", tenant.adminKey());

		assertThat(usage.status()).as("usage needs agent:admin").isEqualTo(403);
		assertThat(admin.status()).as("/api/admin needs the platform key").isEqualTo(403);
	}

	@Test
	void answersAProblemForPathsTheFirewallRejects() {
		Tenant tenant = newTenant("Firewall Motors");

		for (String path : new String[] { "/api/agent//reply", "/api/agent/reply;jsessionid=1",
				"/api/agent/reply/%2e%2e/x" }) {
			Api.Response response = this.api.send("POST", path, tenant.replyKey(), Map.of("message", "Hello there"),
					"application/json");

			assertProblem(response, 400);
		}
		assertThat(auditRows(tenant)).isZero();
	}

	@Test
	void answersAProblemWhenTheAcceptHeaderIsNotAMediaType() {
		Tenant tenant = newTenant("Accept Motors");

		Api.Response wrongMethod = this.api.raw("PUT", Api.REPLY_PATH, Map.of("Authorization",
				"Bearer " + tenant.replyKey(), "Content-Type", "application/json", "Accept", "nonsense"),
				"{\"message\":\"Hello there\"}");
		Api.Response wrongType = this.api.raw("POST", Api.REPLY_PATH, Map.of("Authorization",
				"Bearer " + tenant.replyKey(), "Content-Type", "text/plain", "Accept", "nonsense"), "hello");
		Api.Response ok = this.api.raw("POST", Api.REPLY_PATH, Map.of("Authorization", "Bearer " + tenant.replyKey(),
				"Content-Type", "application/json", "Accept", "nonsense"), "{\"message\":\"Hello there\"}");
		Api.Response notAcceptable = this.api.raw("POST", Api.REPLY_PATH, Map.of("Authorization",
				"Bearer " + tenant.replyKey(), "Content-Type", "application/json", "Accept", "application/xml"),
				"{\"message\":\"Hello there\"}");

		assertProblem(wrongMethod, 405);
		assertProblem(wrongType, 415);
		assertThat(ok.status()).isEqualTo(200);
		assertProblem(notAcceptable, 406);
		assertThat(auditRows(tenant)).isEqualTo(1);
	}

	@Test
	void answersAProblemForPathsTomcatRejectsBeforeAnyFilter() {
		Tenant tenant = newTenant("Tomcat Motors");

		for (String leadId : new String[] { "%00", "%2F", "a%2Fb" }) {
			Api.Response response = this.api.put("/api/agent/leads/" + leadId, tenant.replyKey(),
					Map.of("name", "Lead"));

			assertProblem(response, 400);
		}
		assertThat(this.jdbc.sql("select count(*) from leads where client_id = ?")
			.param(tenant.clientId())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void answers400ForAUsageDateAtTheEdgeOfJavasRange() {
		Tenant tenant = newTenant("Usage Edge Motors");

		for (String query : new String[] { "to=-999999999-01-01", "from=+999999999-12-31&to=+999999999-12-31",
				"from=0000-01-01&to=0000-01-02" }) {
			assertProblem(this.api.get("/api/agent/usage?" + query, tenant.adminKey()), 400);
		}
	}

	@Test
	void answers400ForANulCharacterInLeadsMemoryAndConfigs() {
		Tenant tenant = newTenant("Nul Everywhere Motors");
		lead(tenant.clientId(), "nul-lead", "nul.lead@example.com");

		assertProblem(this.api.put("/api/agent/leads/nul-lead", tenant.replyKey(), Map.of("name", "nul\u0000name")),
				400);
		assertProblem(this.api.post(Api.MEMORY_PATH, tenant.replyKey(), Map.of("content", "nul \u0000 inside")), 400);
		assertProblem(this.api.post(Api.MEMORY_PATH, tenant.replyKey(),
				Map.of("content", "fine", "metadata", Map.of("k", "nul\u0000"))), 400);
		assertProblem(this.api.post("/api/agent/configs", tenant.adminKey(), Map.of("name", "nul\u0000config")), 400);

		assertThat(this.jdbc.sql("select name from leads where client_id = ?")
			.param(tenant.clientId())
			.query(String.class)
			.single()).isEqualTo("Test Lead");
		assertThat(this.jdbc.sql("select count(*) from memory_outbox where client_id = ?")
			.param(tenant.clientId())
			.query(Long.class)
			.single()).isZero();
		assertThat(this.jdbc.sql("select count(*) from ai_agent_config where client_id = ?")
			.param(tenant.clientId())
			.query(Long.class)
			.single()).isZero();
	}

	private static void assertProblem(Api.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(status);
		assertThat(response.json().get("title").asText()).isNotBlank();
		assertThat(response.header("X-Request-Id")).isNotBlank();
	}

	private long auditRows(Tenant tenant) {
		return this.jdbc.sql("select count(*) from agent_exchange where client_id = ?")
			.param(tenant.clientId())
			.query(Long.class)
			.single();
	}

}
