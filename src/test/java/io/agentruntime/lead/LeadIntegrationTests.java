package io.agentruntime.lead;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.audit.ExchangeRecord;
import io.agentruntime.audit.ExchangeRecorder;
import io.agentruntime.memory.MemoryTags;
import io.agentruntime.support.Api;
import io.agentruntime.support.FakeLlm;
import io.agentruntime.support.FakeSupermemory;
import io.agentruntime.support.IntegrationTest;
import io.agentruntime.support.Ledger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /api/agent/leads/{leadId}}: create, update, read, and erasure against the
 * Supermemory fake.
 */
class LeadIntegrationTests extends IntegrationTest {

	@Autowired
	ExchangeRecorder recorder;

	@AfterEach
	void everyRequestMatchedThePublishedSchema() {
		assertThat(MEMORY.schemaViolations()).isEmpty();
	}

	@Test
	void createsThenUpdatesAndReadsALead() {
		Tenant tenant = newTenant("Lead Motors");

		Api.Response created = this.api.put("/api/agent/leads/lead-1", tenant.replyKey(),
				Map.of("email", "ann@example.com", "name", "Ann"));
		Api.Response updated = this.api.put("/api/agent/leads/lead-1", tenant.replyKey(),
				Map.of("email", "ann.b@example.com", "name", "Ann B"));
		Api.Response read = this.api.get("/api/agent/leads/lead-1", tenant.replyKey());

		assertThat(created.status()).isEqualTo(201);
		assertThat(updated.status()).isEqualTo(200);
		assertThat(read.status()).isEqualTo(200);
		JsonNode lead = read.json();
		assertThat(lead.get("leadId").asText()).isEqualTo("lead-1");
		assertThat(lead.get("email").asText()).isEqualTo("ann.b@example.com");
		assertThat(lead.get("name").asText()).isEqualTo("Ann B");
		assertThat(lead.get("createdAt").asText()).isNotBlank();
	}

	@Test
	void answersAnotherTenantsLeadExactlyLikeAMissingOne() {
		Tenant owner = newTenant("Owner Motors");
		Tenant stranger = newTenant("Stranger Motors");
		this.api.put("/api/agent/leads/lead-s", owner.replyKey(), Map.of("email", "s@example.com"));

		for (String method : List.of("GET", "DELETE")) {
			Api.Response foreign = this.api.send(method, "/api/agent/leads/lead-s", stranger.replyKey(), "", null);
			Api.Response missing = this.api.send(method, "/api/agent/leads/nope", stranger.replyKey(), "", null);
			assertThat(foreign.status()).isEqualTo(404);
			for (String field : List.of("type", "title", "status", "detail")) {
				assertThat(foreign.json().get(field)).isEqualTo(missing.json().get(field));
			}
		}
		assertThat(this.api.get("/api/agent/leads/lead-s", owner.replyKey()).status()).isEqualTo(200);
	}

	@Test
	void rejectsAnInvalidEmailAndLeadIdAsProblems() {
		Tenant tenant = newTenant("Lead Validation Motors");

		Api.Response email = this.api.put("/api/agent/leads/lead-v", tenant.replyKey(),
				Map.of("email", "not-an-email"));
		Api.Response leadId = this.api.put("/api/agent/leads/" + "x".repeat(65), tenant.replyKey(),
				Map.of("email", "v@example.com"));

		for (Api.Response response : List.of(email, leadId)) {
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
		}
		assertThat(email.json().get("errors").get(0).get("field").asText()).isEqualTo("email");
		assertThat(leadId.json().get("errors").get(0).get("field").asText()).isEqualTo("leadId");
		assertThat(email.body()).doesNotContain("not-an-email");
	}

	@Test
	void erasesTheLeadItsExchangeTextsAndOnlyThisTenantsDocumentsOfTheLead() {
		MEMORY.tagMode(FakeSupermemory.TagMode.ANY);
		Tenant a = newTenant("Erasing Motors");
		Tenant b = newTenant("Bystander Motors");
		String email = "shared.lead@example.com";
		this.api.put("/api/agent/leads/lead-e", a.replyKey(), Map.of("email", email, "name", "Sam"));
		this.api.put("/api/agent/leads/lead-e", b.replyKey(), Map.of("email", email, "name", "Sam"));
		String leadKey = MemoryTags.leadKey(email, null);
		String aLead1 = MEMORY.seed("A knows Sam wants a van", MemoryTags.leadScope(a.clientId(), leadKey),
				Map.of("clientId", a.clientId().toString()));
		String aLead2 = MEMORY.seed("A booked Sam a test drive", MemoryTags.leadScope(a.clientId(), leadKey),
				Map.of("clientId", a.clientId().toString()));
		String aDealership = MEMORY.seed("A opens at nine", MemoryTags.dealershipScope(a.clientId()),
				Map.of("clientId", a.clientId().toString()));
		String bLead = MEMORY.seed("B knows Sam wants a coupe", MemoryTags.leadScope(b.clientId(), leadKey),
				Map.of("clientId", b.clientId().toString()));
		String forged = MEMORY.seed("Claims to be A but is tagged for B", MemoryTags.leadScope(b.clientId(), leadKey),
				Map.of("clientId", a.clientId().toString()));
		Api.Response reply = this.api.post("/api/agent/reply", a.replyKey(),
				Map.of("message", "I want a van", "leadId", "lead-e", "conversationId", "c-e"));
		UUID exchangeId = UUID.fromString(reply.json().get("exchangeId").asText());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> MEMORY.documents().values().stream().anyMatch(d -> ("ex_" + exchangeId).equals(d.customId())));

		Api.Response erased = this.api.delete("/api/agent/leads/lead-e", a.replyKey());

		assertThat(erased.status()).isEqualTo(204);
		assertThat(MEMORY.documents()).doesNotContainKeys(aLead1, aLead2)
			.containsKeys(aDealership, bLead, forged)
			.allSatisfy((id, document) -> assertThat(document.customId()).isNotEqualTo("ex_" + exchangeId));
		assertThat(this.api.get("/api/agent/leads/lead-e", a.replyKey()).status()).isEqualTo(404);
		assertThat(this.api.get("/api/agent/leads/lead-e", b.replyKey()).status()).isEqualTo(200);
		Map<String, Object> row = this.jdbc.sql("select * from agent_exchange where id = ?")
			.param(exchangeId)
			.query()
			.singleRow();
		assertThat(row.get("message")).isNull();
		assertThat(row.get("reply")).isNull();
		assertThat(row.get("prompt_tokens")).isEqualTo(120);
		assertThat(row.get("lead_id")).isEqualTo("lead-e");
		assertThat(MEMORY.calls()).noneMatch(call -> call.path().startsWith("/v3/container-tags"))
			.noneMatch(call -> call.path().equals("/v3/documents/bulk") && call.body().has("containerTags"));
	}

	@Test
	void answers503AndKeepsEverythingWhenMemoryCannotBeCleaned() {
		Tenant tenant = newTenant("Unreachable Erasure Motors");
		this.api.put("/api/agent/leads/lead-u", tenant.replyKey(), Map.of("email", "u@example.com"));
		MEMORY.failFor(tenant.clientId(), FakeSupermemory.error(503, "Service unavailable"));

		Api.Response response = this.api.delete("/api/agent/leads/lead-u", tenant.replyKey());

		assertThat(response.status()).isEqualTo(503);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.header("Retry-After")).isNotBlank();
		assertThat(this.api.get("/api/agent/leads/lead-u", tenant.replyKey()).status()).isEqualTo(200);
		assertThat(this.api.delete("/api/agent/leads/lead-u", tenant.replyKey()).status()).isEqualTo(204);
	}

	@Test
	void neverDeliversAWriteStillQueuedForAnErasedLead() {
		Tenant tenant = newTenant("Queued Erasure Motors");
		this.api.put("/api/agent/leads/lead-q", tenant.replyKey(), Map.of("email", "q@example.com"));
		MEMORY.writeOutage(tenant.clientId(), () -> FakeSupermemory.error(503, "Service unavailable"));
		String id = this.api
			.post("/api/agent/memory", tenant.replyKey(), Map.of("content", "Queued about q", "leadId", "lead-q"))
			.json()
			.get("id")
			.asText();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> MEMORY.calls("POST", "/v3/documents")
				.stream()
				.anyMatch(c -> c.body().toString().contains(id)));

		assertThat(this.api.delete("/api/agent/leads/lead-q", tenant.replyKey()).status()).isEqualTo(204);
		MEMORY.endOutage(tenant.clientId());

		await().during(Duration.ofMillis(800))
			.atMost(Duration.ofSeconds(3))
			.until(() -> MEMORY.documents().values().stream().noneMatch(d -> ("in_" + id).equals(d.customId())));
		assertThat(this.jdbc.sql("select count(*) from memory_outbox where client_id = ? and content <> ''")
			.param(tenant.clientId())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void keepsNoTextOfAReplyThatFinishesAfterItsLeadWasErased() {
		Tenant tenant = newTenant("Late Reply Motors");
		Ledger.offLedger(tenant.clientId(), "records its exchange through ExchangeRecorder, not through Api");

		UUID exchangeId = this.recorder.record(
				new ExchangeRecord(tenant.clientId(), null, "lead-gone", null, "req-1", "My phone number is 555-0100",
						"Thanks, we will call you", List.of(), "openai/gpt-4o-mini", 10, 5, 100, 50, 1, 0, List.of()));

		Map<String, Object> row = this.jdbc.sql("select * from agent_exchange where id = ?")
			.param(exchangeId)
			.query()
			.singleRow();
		assertThat(row.get("message")).isNull();
		assertThat(row.get("reply")).isNull();
		assertThat(row.get("prompt_tokens")).isEqualTo(10);
		assertThat(this.jdbc.sql("select count(*) from memory_outbox where client_id = ?")
			.param(tenant.clientId())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void aReplyAfterTheLeadsEmailChangedRecallsUnderTheNewEmail() {
		Tenant tenant = newTenant("Cached Lead Motors");
		this.api.put("/api/agent/leads/lead-c", tenant.replyKey(), Map.of("email", "old@example.com"));
		assertThat(reply(tenant, "lead-c").status()).isEqualTo(200);
		this.api.put("/api/agent/leads/lead-c", tenant.replyKey(), Map.of("email", "new@example.com"));
		MEMORY.reset();

		assertThat(reply(tenant, "lead-c").status()).isEqualTo(200);

		assertThat(MEMORY.calls("POST", "/v3/search")).extracting(call -> call.body().get("containerTags").toString())
			.anySatisfy(tags -> assertThat(tags).contains("lead:" + MemoryTags.leadKey("new@example.com", null)))
			.noneSatisfy(tags -> assertThat(tags).contains("lead:" + MemoryTags.leadKey("old@example.com", null)));
	}

	@Test
	void aReplyAfterErasureAnswers404AlthoughTheLeadWasJustUsed() {
		Tenant tenant = newTenant("Erased Lead Motors");
		this.api.put("/api/agent/leads/lead-e", tenant.replyKey(), Map.of("email", "erase.me@example.com"));
		assertThat(reply(tenant, "lead-e").status()).isEqualTo(200);

		assertThat(this.api.delete("/api/agent/leads/lead-e", tenant.replyKey()).status()).isEqualTo(204);

		assertThat(reply(tenant, "lead-e").status()).isEqualTo(404);
	}

	@Test
	void aReplyInFlightWhileItsLeadIsErasedKeepsNoText() throws Exception {
		Tenant tenant = newTenant("In Flight Erasure Motors");
		this.api.put("/api/agent/leads/lead-f", tenant.replyKey(), Map.of("email", "in.flight@example.com"));
		FakeLlm.Gate gate = LLM.hold();
		ExecutorService caller = Executors.newSingleThreadExecutor();
		try {
			Future<Api.Response> reply = caller.submit(() -> this.api.post("/api/agent/reply", tenant.replyKey(),
					Map.of("message", "Call me at 555-0199", "leadId", "lead-f")));
			assertThat(gate.awaitHeld(1, Duration.ofSeconds(10))).isTrue();

			assertThat(this.api.delete("/api/agent/leads/lead-f", tenant.replyKey()).status()).isEqualTo(204);
			gate.open();

			assertThat(reply.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
			Map<String, Object> row = this.jdbc.sql("select message, reply from agent_exchange where client_id = ?")
				.param(tenant.clientId())
				.query()
				.singleRow();
			assertThat(row.get("message")).isNull();
			assertThat(row.get("reply")).isNull();
		}
		finally {
			gate.open();
			caller.shutdownNow();
		}
	}

	private Api.Response reply(Tenant tenant, String leadId) {
		return this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Any news?", "leadId", leadId));
	}

}
