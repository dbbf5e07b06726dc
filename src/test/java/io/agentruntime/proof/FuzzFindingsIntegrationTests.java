package io.agentruntime.proof;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

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

	@Test
	void answers400ForTrailingTokensDuplicateKeysAndCoercedScalarsAndWritesNothing() {
		Tenant tenant = newTenant("Strict Json Motors");
		String json = "application/json";

		for (String body : new String[] { "{\"message\":\"x\"} garbage", "{\"message\":\"x\"}{\"message\":\"y\"}",
				"{\"message\":\"first\",\"message\":\"second\"}", "{\"message\":123}", "{\"message\":true}",
				"{\"message\":\"hi\",\"maxTokens\":\"500\"}", "{\"message\":\"hi\",\"maxTokens\":500.5}",
				"{\"message\":\"hi\",\"leadId\":42}" }) {
			assertProblem(this.api.send("POST", Api.REPLY_PATH, tenant.replyKey(), body, json), 400);
		}
		assertProblem(this.api.send("POST", Api.MEMORY_PATH, tenant.replyKey(),
				"{\"content\":\"Prefers red\",\"metadata\":{\"k\":\"a\",\"k\":\"b\"}}", json), 400);
		for (String body : new String[] { "{\"active\":0}", "{\"active\":\"false\"}",
				"{\"active\":false,\"active\":true}", "{\"requestsPerMinute\":\"5\"}" }) {
			assertProblem(this.api.send("PATCH", "/api/admin/clients/" + tenant.clientId(), PLATFORM_KEY, body, json),
					400);
		}

		assertThat(auditRows(tenant)).isZero();
		assertThat(this.jdbc.sql("select count(*) from memory_outbox where client_id = ?")
			.param(tenant.clientId())
			.query(Long.class)
			.single()).isZero();
		assertThat(this.jdbc.sql("select active from clients where id = ?")
			.param(tenant.clientId())
			.query(Boolean.class)
			.single()).as("the client stays active").isTrue();
		assertThat(this.jdbc.sql("select count(*) from clients where id = ? and requests_per_minute is null")
			.param(tenant.clientId())
			.query(Long.class)
			.single()).as("the limit stays unset").isOne();
	}

	@Test
	void stillAcceptsWellFormedBodiesWithUnknownFields() {
		Tenant tenant = newTenant("Lenient Enough Motors");

		Api.Response reply = this.api.send("POST", Api.REPLY_PATH, tenant.replyKey(),
				"{\"message\":\"Is the red one here?\",\"maxTokens\":500,\"clientId\":\"ignored\"}  \n",
				"application/json");
		Api.Response patch = this.api.send("PATCH", "/api/admin/clients/" + tenant.clientId(), PLATFORM_KEY,
				"{\"active\":true,\"requestsPerMinute\":120}", "application/json");

		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		assertThat(patch.status()).as(patch.body()).isEqualTo(200);
	}

	@Test
	void answers401ForAJwtThatExpiresIn2286() {
		Tenant tenant = newTenant("Forever Token Motors");
		String forever = jwt(tenant.clientId(), "agent:reply", Instant.parse("2286-11-20T17:46:40Z"));
		String shortLived = jwt(tenant.clientId(), "agent:reply", Instant.now().plusSeconds(300));

		Api.Response refused = this.api.post(Api.REPLY_PATH, forever, Map.of("message", "Hello from 2286"));
		Api.Response accepted = this.api.post(Api.REPLY_PATH, shortLived, Map.of("message", "Hello from today"));

		assertProblem(refused, 401);
		assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(accepted.status()).isEqualTo(200);
		assertThat(auditRows(tenant)).isOne();
	}

	@Test
	void namesAnUnsupportedTransferCodingAsSuchNotAsAnInternalError() throws Exception {
		Tenant tenant = newTenant("Gzip Motors");

		String response;
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + Api.REPLY_PATH + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
					+ tenant.replyKey() + "\r\nContent-Type: application/json\r\n"
					+ "Transfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n0\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}

		String head = response.substring(0, response.indexOf("\r\n\r\n"));
		JsonNode problem = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
		assertThat(head).startsWith("HTTP/1.1 501").containsIgnoringCase("Content-Type: application/problem+json");
		assertThat(problem.get("status").asInt()).isEqualTo(501);
		assertThat(problem.get("type").asText()).endsWith("/unsupported-transfer-coding");
		assertThat(problem.get("title").asText()).isEqualTo("Unsupported transfer coding");
		assertThat(auditRows(tenant)).isZero();
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
