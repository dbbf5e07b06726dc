package io.agentruntime.audit;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.support.Api;
import io.agentruntime.support.IntegrationTest;
import io.agentruntime.support.Ledger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/agent/usage}: requests, degraded replies and tokens per day and model
 * (DESIGN §3).
 */
class UsageIntegrationTests extends IntegrationTest {

	private static final LocalDate DAY_1 = LocalDate.of(2026, 3, 1);

	private static final LocalDate DAY_2 = LocalDate.of(2026, 3, 2);

	@Test
	void reportsUsagePerDayAndModelFromTheAuditRows() {
		Tenant tenant = newTenant("Usage Motors");
		exchange(tenant.clientId(), DAY_1, 9, "openai/gpt-4o-mini", 100, 20, "[]");
		exchange(tenant.clientId(), DAY_1, 23, "openai/gpt-4o-mini", 150, 30, "[\"memory_unavailable\"]");
		exchange(tenant.clientId(), DAY_1, 10, "anthropic/claude-haiku-4.5", 300, 40, "[]");
		exchange(tenant.clientId(), DAY_1, 11, null, null, null, "[\"llm_unavailable\"]");
		exchange(tenant.clientId(), DAY_2, 0, "openai/gpt-4o-mini", 200, 50, "[]");
		exchange(tenant.clientId(), DAY_2.plusDays(1), 0, "openai/gpt-4o-mini", 999, 999, "[]");
		exchange(tenant.clientId(), DAY_1.minusDays(1), 23, "openai/gpt-4o-mini", 999, 999, "[]");
		exchange(newTenant("Other Usage Motors").clientId(), DAY_1, 12, "openai/gpt-4o-mini", 999, 999, "[]");

		Api.Response response = this.api.get("/api/agent/usage?from=2026-03-01&to=2026-03-02", tenant.adminKey());

		assertThat(response.status()).isEqualTo(200);
		JsonNode report = response.json();
		assertThat(report.get("from").asText()).isEqualTo("2026-03-01");
		assertThat(report.get("to").asText()).isEqualTo("2026-03-02");
		JsonNode days = report.get("days");
		assertThat(days).hasSize(4);
		assertDay(days.get(0), "2026-03-01", "anthropic/claude-haiku-4.5", 1, 0, 300, 40);
		assertDay(days.get(1), "2026-03-01", "openai/gpt-4o-mini", 2, 1, 250, 50);
		assertDay(days.get(2), "2026-03-01", null, 1, 1, 0, 0);
		assertDay(days.get(3), "2026-03-02", "openai/gpt-4o-mini", 1, 0, 200, 50);
		JsonNode totals = report.get("totals");
		assertThat(totals.get("requests").asLong()).isEqualTo(5);
		assertThat(totals.get("degraded").asLong()).isEqualTo(2);
		assertThat(totals.get("promptTokens").asLong()).isEqualTo(750);
		assertThat(totals.get("completionTokens").asLong()).isEqualTo(140);
	}

	@Test
	void countsTheRepliesTheServiceJustGave() {
		Tenant tenant = newTenant("Live Usage Motors");
		for (int i = 0; i < 2; i++) {
			assertThat(this.api.post("/api/agent/reply", tenant.replyKey(), java.util.Map.of("message", "Hi")).status())
				.isEqualTo(200);
		}

		JsonNode days = this.api.get("/api/agent/usage", tenant.adminKey()).json().get("days");

		assertThat(days).hasSize(1);
		assertDay(days.get(0), LocalDate.now(ZoneOffset.UTC).toString(), "openai/gpt-4o-mini", 2, 0, 240, 60);
	}

	@Test
	void rejectsBadRanges() {
		Tenant tenant = newTenant("Bad Range Motors");
		for (String query : List.of("from=2026-13-01&to=2026-12-31", "from=yesterday", "from=2026-03-02&to=2026-03-01",
				"from=2020-01-01&to=2026-01-01", "to=2026-02-30")) {
			Api.Response response = this.api.get("/api/agent/usage?" + query, tenant.adminKey());
			assertThat(response.status()).as(query).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.json().get("errors").get(0).get("field").asText()).isIn("from", "to");
		}
		assertThat(this.api.get("/api/agent/usage", tenant.replyKey()).status()).isEqualTo(403);
	}

	private static void assertDay(JsonNode day, String date, String model, long requests, long degraded,
			long promptTokens, long completionTokens) {
		assertThat(day.get("date").asText()).isEqualTo(date);
		if (model == null) {
			assertThat(day.get("model").isNull()).isTrue();
		}
		else {
			assertThat(day.get("model").asText()).isEqualTo(model);
		}
		assertThat(day.get("requests").asLong()).isEqualTo(requests);
		assertThat(day.get("degraded").asLong()).isEqualTo(degraded);
		assertThat(day.get("promptTokens").asLong()).isEqualTo(promptTokens);
		assertThat(day.get("completionTokens").asLong()).isEqualTo(completionTokens);
	}

	private void exchange(UUID clientId, LocalDate day, int hourUtc, String model, Integer promptTokens,
			Integer completionTokens, String degradedReasons) {
		Ledger.offLedger(clientId, "its rows are inserted directly, not made through Api");
		this.jdbc.sql("""
				insert into agent_exchange (id, client_id, message, reply, model, prompt_tokens, completion_tokens,
				    latency_ms, degraded_reasons, created_at)
				values (?, ?, 'm', 'r', ?, ?, ?, 10, cast(? as jsonb), ?)
				""")
			.params(UUID.randomUUID(), clientId, model, promptTokens, completionTokens, degradedReasons,
					OffsetDateTime.of(day.atTime(hourUtc, 30), ZoneOffset.UTC))
			.update();
	}

}
