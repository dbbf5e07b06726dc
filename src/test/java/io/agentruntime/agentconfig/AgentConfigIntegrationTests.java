package io.agentruntime.agentconfig;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.support.Api;
import io.agentruntime.support.IntegrationTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent config administration API end to end (DESIGN §3), on real PostgreSQL and real
 * security.
 */
class AgentConfigIntegrationTests extends IntegrationTest {

	private static final String CONFIGS = "/api/agent/configs";

	@Autowired
	private DataSource dataSource;

	@Test
	void createsReadsListsUpdatesAndDeletesAConfig() {
		Tenant tenant = newTenant("Crud Motors");

		Api.Response created = this.api.post(CONFIGS, tenant.adminKey(),
				Map.of("name", "  Riley  ", "personality", "warm truck expert", "dosList",
						List.of("Mention Saturday hours"), "model", "anthropic/claude-haiku-4.5", "isActive", true,
						"clientId", UUID.randomUUID().toString()));

		assertThat(created.status()).isEqualTo(201);
		JsonNode config = created.json();
		String id = config.get("id").asText();
		assertThat(config.get("name").asText()).isEqualTo("Riley");
		assertThat(config.get("personality").asText()).isEqualTo("warm truck expert");
		assertThat(config.get("tonality").asText()).isEqualTo("professional");
		assertThat(config.get("responseStyle").asText()).isEqualTo("helpful");
		assertThat(config.get("industry").asText()).isEqualTo("automotive");
		assertThat(config.get("dosList")).hasSize(1);
		assertThat(config.get("dontsList")).isEmpty();
		assertThat(config.get("model").asText()).isEqualTo("anthropic/claude-haiku-4.5");
		assertThat(config.get("isActive").asBoolean()).as("created inactive, isActive is read only").isFalse();
		assertThat(config.get("version").asLong()).isZero();
		assertThat(config.get("createdAt").asText()).isNotBlank();
		assertThat(config.get("updatedAt").asText()).isNotBlank();
		assertThat(this.jdbc.sql("select client_id from ai_agent_config where id = ?")
			.param(UUID.fromString(id))
			.query(UUID.class)
			.single()).isEqualTo(tenant.clientId());

		assertThat(this.api.get(CONFIGS + "/" + id, tenant.adminKey()).json()).isEqualTo(config);
		assertThat(this.api.get(CONFIGS, tenant.adminKey()).json()).hasSize(1);

		Api.Response updated = this.api.put(CONFIGS + "/" + id, tenant.adminKey(), Map.of("name", "Riley 2", "tonality",
				"friendly", "dontsList", List.of("Discuss competitors"), "version", 0));
		assertThat(updated.status()).isEqualTo(200);
		assertThat(updated.json().get("name").asText()).isEqualTo("Riley 2");
		assertThat(updated.json().get("tonality").asText()).isEqualTo("friendly");
		assertThat(updated.json().get("dontsList").get(0).asText()).isEqualTo("Discuss competitors");
		assertThat(updated.json().get("model").isNull()).isTrue();
		assertThat(updated.json().get("version").asLong()).isEqualTo(1);

		assertThat(this.api.delete(CONFIGS + "/" + id, tenant.adminKey()).status()).isEqualTo(204);
		assertThat(this.api.get(CONFIGS + "/" + id, tenant.adminKey()).status()).isEqualTo(404);
		assertThat(this.api.get(CONFIGS, tenant.adminKey()).json()).isEmpty();
	}

	@Test
	void activatesAtomicallyAndRepliesUseTheNewConfigAtOnce() {
		Tenant tenant = newTenant("Switch Motors");
		String first = create(tenant, "First", "first persona");
		String second = create(tenant, "Second", "second persona");
		assertThat(this.api.get(CONFIGS + "/active", tenant.adminKey()).status()).isEqualTo(404);

		assertThat(this.api.post(CONFIGS + "/" + first + "/activate", tenant.adminKey(), Map.of()).status())
			.isEqualTo(200);
		reply(tenant);
		assertThat(LLM.calls().get(0).system()).contains("first persona");

		Api.Response activated = this.api.post(CONFIGS + "/" + second + "/activate", tenant.adminKey(), Map.of());
		assertThat(activated.status()).isEqualTo(200);
		assertThat(activated.json().get("isActive").asBoolean()).isTrue();
		assertThat(this.api.get(CONFIGS + "/active", tenant.adminKey()).json().get("id").asText()).isEqualTo(second);
		assertThat(this.api.get(CONFIGS + "/" + first, tenant.adminKey()).json().get("isActive").asBoolean()).isFalse();
		LLM.reset();
		reply(tenant);
		assertThat(LLM.calls().get(0).system()).as("the cached persona is evicted on change")
			.contains("second persona");
		assertThat(activeCount(tenant.clientId())).isEqualTo(1);
		assertThat(this.api.post(CONFIGS + "/" + second + "/activate", tenant.adminKey(), Map.of()).status())
			.as("activating the active config again is harmless")
			.isEqualTo(200);
	}

	@Test
	void previewIsByteForByteTheSystemPromptTheReplyPathSends() {
		Tenant tenant = newTenant("Preview Motors");
		Api.Response created = this.api.post(CONFIGS, tenant.adminKey(),
				Map.of("name", "Riley", "personality", "warm \"quoted\" expert\nwith two lines", "tonality", "friendly",
						"responseStyle", "short answers", "dosList", List.of("Mention our Saturday hours", "Ünïcödé ✓"),
						"dontsList", List.of("Discuss competitor dealerships"), "industry", "powersports"));
		String id = created.json().get("id").asText();
		this.api.post(CONFIGS + "/" + id + "/activate", tenant.adminKey(), Map.of());

		Api.Response preview = this.api.get(CONFIGS + "/" + id + "/prompt-preview", tenant.adminKey());
		reply(tenant);

		assertThat(preview.status()).isEqualTo(200);
		assertThat(preview.json().get("systemPrompt").asText()).isEqualTo(LLM.calls().get(0).system());
		assertThat(preview.json().get("systemPrompt").asText()).contains("Ünïcödé ✓", "powersports");
	}

	@Test
	void concurrentActivationsLeaveExactlyOneActiveConfigAndNeverFail() throws Exception {
		Tenant tenant = newTenant("Race Motors");
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			ids.add(create(tenant, "Config " + i, "persona " + i));
		}
		int calls = 18;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(calls);
		try {
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < calls; i++) {
				String id = ids.get(i % ids.size());
				statuses.add(pool.submit(() -> {
					start.await();
					return this.api.post(CONFIGS + "/" + id + "/activate", tenant.adminKey(), Map.of()).status();
				}));
			}
			start.countDown();
			Map<Integer, Integer> byStatus = new HashMap<>();
			for (Future<Integer> status : statuses) {
				byStatus.merge(status.get(30, TimeUnit.SECONDS), 1, Integer::sum);
			}
			assertThat(byStatus.keySet()).isSubsetOf(200, 409);
			assertThat(byStatus.get(200)).isPositive();
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(activeCount(tenant.clientId())).isEqualTo(1);
		String active = this.api.get(CONFIGS + "/active", tenant.adminKey()).json().get("id").asText();
		assertThat(ids).contains(active);
	}

	@Test
	void activationsRacingEditsOfTheSameConfigsAnswer200Or409() throws Exception {
		Tenant tenant = newTenant("Edit Race Motors");
		List<String> ids = List.of(create(tenant, "A", "a"), create(tenant, "B", "b"), create(tenant, "C", "c"));
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(12);
		List<Future<Integer>> statuses = new ArrayList<>();
		try {
			for (int round = 0; round < 2; round++) {
				for (String id : ids) {
					statuses.add(pool.submit(() -> {
						start.await();
						return this.api.post(CONFIGS + "/" + id + "/activate", tenant.adminKey(), Map.of()).status();
					}));
					// Two edits from version 0 of one config: at most one of them can
					// win.
					statuses.add(pool.submit(() -> {
						start.await();
						return this.api
							.put(CONFIGS + "/" + id, tenant.adminKey(), Map.of("name", "edited", "version", 0))
							.status();
					}));
				}
			}
			start.countDown();
			Map<Integer, Integer> byStatus = new HashMap<>();
			for (Future<Integer> status : statuses) {
				byStatus.merge(status.get(30, TimeUnit.SECONDS), 1, Integer::sum);
			}
			assertThat(byStatus.keySet()).isSubsetOf(200, 409);
			assertThat(byStatus.get(409)).as("lost edits answer 409").isGreaterThanOrEqualTo(ids.size());
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(activeCount(tenant.clientId())).isLessThanOrEqualTo(1);
	}

	@Test
	void anActivationWaitsForAnotherInstancesSwitchOfTheSameTenant() throws Exception {
		Tenant tenant = newTenant("Two Instances Motors");
		String first = create(tenant, "First", "first persona");
		String second = create(tenant, "Second", "second persona");
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try (Connection otherInstance = this.dataSource.getConnection()) {
			// What a second instance's activation holds while it switches: the tenant's
			// row lock.
			otherInstance.setAutoCommit(false);
			try (PreparedStatement lock = otherInstance
				.prepareStatement("select id from clients where id = ? for no key update")) {
				lock.setObject(1, tenant.clientId());
				lock.executeQuery().close();
			}
			try (PreparedStatement activate = otherInstance
				.prepareStatement("update ai_agent_config set is_active = true, version = version + 1 where id = ?")) {
				activate.setObject(1, UUID.fromString(first));
				activate.executeUpdate();
			}

			Future<Api.Response> waiting = pool
				.submit(() -> this.api.post(CONFIGS + "/" + second + "/activate", tenant.adminKey(), Map.of()));
			awaitLockWaiters(1);
			assertThat(waiting).isNotDone();
			assertThat(this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Hi")).status())
				.as("replies of the tenant do not wait for a switch")
				.isEqualTo(200);
			assertThat(this.api.post(CONFIGS, tenant.adminKey(), Map.of("name", "Third")).status()).isEqualTo(201);
			assertThat(waiting).isNotDone();
			otherInstance.commit();

			assertThat(waiting.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(activeCount(tenant.clientId())).isEqualTo(1);
		assertThat(this.api.get(CONFIGS + "/active", tenant.adminKey()).json().get("id").asText()).isEqualTo(second);
	}

	@Test
	void refusesToDeleteTheActiveConfig() {
		Tenant tenant = newTenant("Delete Motors");
		String id = create(tenant, "Only", "only persona");
		this.api.post(CONFIGS + "/" + id + "/activate", tenant.adminKey(), Map.of());

		Api.Response response = this.api.delete(CONFIGS + "/" + id, tenant.adminKey());

		assertThat(response.status()).isEqualTo(409);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("type").asText()).endsWith("/active-config-cannot-be-deleted");
		assertThat(this.api.get(CONFIGS + "/active", tenant.adminKey()).json().get("id").asText()).isEqualTo(id);
	}

	@Test
	void rejectsAnUpdateWithAStaleVersion() {
		Tenant tenant = newTenant("Stale Motors");
		String id = create(tenant, "Riley", "original persona");
		assertThat(this.api.put(CONFIGS + "/" + id, tenant.adminKey(), Map.of("name", "Alice's edit", "version", 0))
			.status()).isEqualTo(200);

		Api.Response stale = this.api.put(CONFIGS + "/" + id, tenant.adminKey(),
				Map.of("name", "Bob's edit", "version", 0));

		assertThat(stale.status()).isEqualTo(409);
		assertThat(stale.json().get("type").asText()).endsWith("/stale-version");
		assertThat(this.api.get(CONFIGS + "/" + id, tenant.adminKey()).json().get("name").asText())
			.isEqualTo("Alice's edit");
		Api.Response missingVersion = this.api.put(CONFIGS + "/" + id, tenant.adminKey(), Map.of("name", "No version"));
		assertThat(missingVersion.status()).isEqualTo(400);
		assertThat(missingVersion.json().get("errors").get(0).get("field").asText()).isEqualTo("version");
	}

	@Test
	void answers404ForAnotherTenantsConfigExactlyAsForAMissingOne() {
		Tenant owner = newTenant("Owner Motors");
		Tenant other = newTenant("Other Motors");
		String id = create(owner, "Owner's", "owner persona");
		String missing = UUID.randomUUID().toString();
		Map<String, Object> update = Map.of("name", "Hijack", "version", 0);

		for (String target : List.of(id, missing, "not-a-uuid")) {
			assertSameNotFound(this.api.get(CONFIGS + "/" + target, other.adminKey()));
			assertSameNotFound(this.api.put(CONFIGS + "/" + target, other.adminKey(), update));
			assertSameNotFound(this.api.delete(CONFIGS + "/" + target, other.adminKey()));
			assertSameNotFound(this.api.post(CONFIGS + "/" + target + "/activate", other.adminKey(), Map.of()));
			assertSameNotFound(this.api.get(CONFIGS + "/" + target + "/prompt-preview", other.adminKey()));
		}
		assertThat(this.api.get(CONFIGS, other.adminKey()).json()).isEmpty();
		JsonNode untouched = this.api.get(CONFIGS + "/" + id, owner.adminKey()).json();
		assertThat(untouched.get("name").asText()).isEqualTo("Owner's");
		assertThat(untouched.get("isActive").asBoolean()).isFalse();
		assertThat(activeCount(other.clientId())).isZero();
	}

	@Test
	void requiresTheAdminScope() {
		Tenant tenant = newTenant("Scope Motors");
		assertThat(this.api.get(CONFIGS, tenant.replyKey()).status()).isEqualTo(403);
		assertThat(this.api.post(CONFIGS, tenant.replyKey(), Map.of("name", "x")).status()).isEqualTo(403);
		assertThat(this.api.get(CONFIGS, null).status()).isEqualTo(401);
		assertThat(this.api.get(CONFIGS, PLATFORM_KEY).status()).isEqualTo(403);
	}

	@Nested
	class Validation {

		@Test
		void rejectsFieldsOutsideTheirLimits() {
			Tenant tenant = newTenant("Validation Motors");
			List<String> tooMany = new ArrayList<>();
			for (int i = 0; i < 21; i++) {
				tooMany.add("item " + i);
			}
			Map<String, Object> cases = new java.util.LinkedHashMap<>();
			cases.put("name", Map.of("name", "  "));
			cases.put("name ", Map.of("name", "x".repeat(101)));
			cases.put("personality", Map.of("name", "ok", "personality", "x".repeat(1001)));
			cases.put("dosList", Map.of("name", "ok", "dosList", tooMany));
			cases.put("dontsList[0]", Map.of("name", "ok", "dontsList", List.of("x".repeat(301))));
			cases.put("fallbackReply", Map.of("name", "ok", "fallbackReply", "x".repeat(501)));
			cases.put("model", Map.of("name", "ok", "model", "openai/gpt-5-pro"));
			cases.forEach((field, body) -> {
				Api.Response response = api.post(CONFIGS, tenant.adminKey(), body);
				assertThat(response.status()).as(field).isEqualTo(400);
				assertThat(response.contentType()).startsWith("application/problem+json");
				assertThat(response.json().get("errors").get(0).get("field").asText()).as(field)
					.startsWith(field.trim().replaceAll("\\[.*", ""));
				assertThat(response.body()).doesNotContain("xxxxxxxxxx");
			});
			assertThat(api
				.post(CONFIGS, tenant.adminKey(), Map.of("name", "x".repeat(100), "dosList", tooMany.subList(0, 20),
						"fallbackReply", "y".repeat(500)))
				.status()).isEqualTo(201);
			assertThat(api.get(CONFIGS, tenant.adminKey()).json()).hasSize(1);
		}

		@Test
		void rejectsMalformedBodies() {
			Tenant tenant = newTenant("Malformed Motors");
			assertThat(api.send("POST", CONFIGS, tenant.adminKey(), "{\"name\": ", "application/json").status())
				.isEqualTo(400);
			assertThat(api.send("POST", CONFIGS, tenant.adminKey(), "name=x", "text/plain").status()).isEqualTo(415);
		}

	}

	private String create(Tenant tenant, String name, String personality) {
		Api.Response response = this.api.post(CONFIGS, tenant.adminKey(),
				Map.of("name", name, "personality", personality));
		assertThat(response.status()).isEqualTo(201);
		return response.json().get("id").asText();
	}

	private void reply(Tenant tenant) {
		assertThat(this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Hello")).status())
			.isEqualTo(200);
	}

	/** Polls PostgreSQL until this many sessions wait for a lock. */
	private void awaitLockWaiters(int count) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (this.jdbc.sql("select count(*) from pg_locks where not granted").query(Long.class).single() < count) {
			assertThat(System.nanoTime()).as("an activation waiting for the tenant lock").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	private long activeCount(UUID clientId) {
		return this.jdbc.sql("select count(*) from ai_agent_config where client_id = ? and is_active")
			.param(clientId)
			.query(Long.class)
			.single();
	}

	private static void assertSameNotFound(Api.Response response) {
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("type").asText()).endsWith("/not-found");
		assertThat(problem.get("title").asText()).isEqualTo("Not found");
		assertThat(problem.get("detail").asText()).isEqualTo("No agent config with this id.");
	}

}
