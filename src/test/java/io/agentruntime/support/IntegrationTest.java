package io.agentruntime.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.agentruntime.tenant.ApiKeys;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one shared Spring context of the integration tests: the application on a random
 * port, real PostgreSQL, real security, and protocol-faithful fakes of the LLM and
 * Supermemory. Tests isolate themselves by creating their own tenants, never by wiping
 * tables.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestDatabaseConfiguration.class)
@AutoConfigureObservability
public abstract class IntegrationTest {

	public static final String JWT_SECRET = "integration-test-secret-of-at-least-32-bytes";

	public static final String PLATFORM_KEY = "platform_integration_test_key";

	/**
	 * What {@code /demo/config.json} prefills: deliberately not a working key (issue 10).
	 */
	public static final String DEMO_PREFILL_KEY = "ark_demo_prefill_not_a_tenant_key";

	public static final String DEMO_DEALERSHIP = "Riverside Motors";

	protected static final FakeLlm LLM = new FakeLlm().start();

	protected static final FakeSupermemory MEMORY = new FakeSupermemory().start();

	protected static final ObjectMapper JSON = new ObjectMapper();

	static {
		// Credentials of the test configuration must never show up in a log either (issue
		// 9).
		Sentinels.register(JWT_SECRET);
		Sentinels.register(PLATFORM_KEY);
		Sentinels.register(FakeSupermemory.API_KEY);
		Sentinels.register("sk-or-test");
	}

	@DynamicPropertySource
	static void upstreams(DynamicPropertyRegistry registry) {
		registry.add("agent.llm.provider", () -> "openrouter");
		registry.add("agent.llm.base-url", LLM::baseUrl);
		registry.add("agent.llm.api-key", () -> "sk-or-test");
		registry.add("agent.llm.allowed-models", () -> "openai/gpt-4o-mini,anthropic/claude-haiku-4.5");
		registry.add("agent.llm.attempt-timeout", () -> "2s");
		registry.add("agent.memory.provider", () -> "supermemory");
		registry.add("agent.memory.recall-timeout", () -> "500ms");
		registry.add("agent.supermemory.base-url", MEMORY::baseUrl);
		registry.add("agent.supermemory.api-key", () -> FakeSupermemory.API_KEY);
		registry.add("agent.security.jwt.secret", () -> JWT_SECRET);
		registry.add("agent.security.platform-admin-key", () -> PLATFORM_KEY);
		registry.add("agent.reply.deadline", () -> "3s");
		// Small, so ReplyAdmissionIntegrationTests can fill it; no other test sends
		// replies in parallel.
		registry.add("agent.reply.max-in-flight", () -> "4");
		registry.add("agent.demo.enabled", () -> "true");
		registry.add("agent.demo.api-key", () -> DEMO_PREFILL_KEY);
		registry.add("agent.demo.dealership-name", () -> DEMO_DEALERSHIP);
		// The memory outbox on a millisecond schedule, with a short lease and budget
		// (issue 5).
		registry.add("agent.memory.outbox.poll-interval", () -> "50ms");
		registry.add("agent.memory.outbox.initial-backoff", () -> "50ms");
		registry.add("agent.memory.outbox.max-backoff", () -> "400ms");
		registry.add("agent.memory.outbox.max-attempts", () -> "6");
		registry.add("agent.memory.outbox.lease", () -> "1500ms");
	}

	@LocalServerPort
	protected int port;

	@Autowired
	protected JdbcClient jdbc;

	@Autowired
	protected CircuitBreakerRegistry circuitBreakers;

	protected Api api;

	private static volatile boolean warmedUp;

	@BeforeEach
	void resetFakes() {
		this.api = new Api(this.port);
		// A test that scripts upstream failures must not leave an LLM model's breaker
		// open for the next one.
		this.circuitBreakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
		warmUp();
		LLM.reset();
		MEMORY.reset();
	}

	/**
	 * One reply per JVM before the first test: on a busy 2-core machine the first call
	 * pays for class loading and connection set-up, which can exceed the 500 ms recall
	 * deadline and make whichever test runs first flaky. Goes through {@link Api} like
	 * any other reply, so the ledger counts it.
	 */
	private void warmUp() {
		if (warmedUp) {
			return;
		}
		synchronized (IntegrationTest.class) {
			if (!warmedUp) {
				this.api.post("/api/agent/reply", newTenant("Warm-up Motors").replyKey(),
						Map.of("message", "Warm-up message of the test support"));
				warmedUp = true;
			}
		}
	}

	/**
	 * A new dealership with an {@code agent:reply} key and an {@code agent:admin} key.
	 */
	protected Tenant newTenant(String name) {
		UUID clientId = UUID.randomUUID();
		this.jdbc.sql("insert into clients (id, name) values (?, ?)").params(clientId, name).update();
		Ledger.tenant(clientId);
		return new Tenant(clientId, apiKey(clientId, List.of("agent:reply")), apiKey(clientId, List.of("agent:admin")));
	}

	/**
	 * Marks the tenant's dealership memory scope as holding documents, as its first staff
	 * ingest without a lead does; for tests that put such documents straight into the
	 * memory fake. Call it before the tenant's first reply (a cached answer is forgotten
	 * only at the next read of the change feed).
	 */
	protected void dealershipMemory(UUID clientId) {
		this.jdbc.sql("insert into memory_dealership_scope (client_id) values (?) on conflict do nothing")
			.params(clientId)
			.update();
	}

	/** Stores a key with these scopes for the client and returns it in clear. */
	protected String apiKey(UUID clientId, List<String> scopes) {
		String key = ApiKeys.generate();
		this.jdbc.sql(
				"insert into api_keys (id, client_id, name, key_hash, key_prefix, scopes) values (?, ?, ?, ?, ?, cast(? as jsonb))")
			.params(UUID.randomUUID(), clientId, "test", ApiKeys.hash(key), ApiKeys.displayPrefix(key), json(scopes))
			.update();
		Ledger.credential(key, clientId);
		return Sentinels.register(key);
	}

	/** Stores a lead of the tenant. */
	protected void lead(UUID clientId, String leadId, String email) {
		this.jdbc.sql("insert into leads (id, client_id, lead_id, email, name) values (?, ?, ?, ?, ?)")
			.params(UUID.randomUUID(), clientId, leadId, email, "Test Lead")
			.update();
		Sentinels.register(email);
		Ledger.lead(clientId, leadId);
	}

	/** Stores an agent config and returns its id. */
	protected UUID config(UUID clientId, boolean active, Map<String, Object> fields) {
		UUID id = UUID.randomUUID();
		this.jdbc
			.sql("""
					insert into ai_agent_config (id, client_id, name, personality, tonality, response_style, dos_list, donts_list,
					    fallback_reply, is_active)
					values (?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?)
					""")
			.params(id, clientId, fields.getOrDefault("name", "Sales Assistant"), fields.get("personality"),
					fields.getOrDefault("tonality", "professional"), fields.getOrDefault("responseStyle", "helpful"),
					json(fields.getOrDefault("dos", List.of())), json(fields.getOrDefault("donts", List.of())),
					fields.get("fallbackReply"), active)
			.update();
		return id;
	}

	/** An HS256 JWT signed with the test secret. */
	protected static String jwt(UUID clientId, String scope, Instant expiresAt) {
		return jwt(JWT_SECRET, clientId, scope, expiresAt);
	}

	protected static String jwt(String secret, UUID clientId, String scope, Instant expiresAt) {
		return jwt(secret, clientId, scope, expiresAt, Map.of());
	}

	/**
	 * A widget JWT as a dealership's backend mints it (issue 14): scope
	 * {@code agent:widget}, and {@code lead_id} when a lead is given.
	 */
	protected static String widgetJwt(UUID clientId, String leadId, Instant expiresAt) {
		return jwt(JWT_SECRET, clientId, "agent:widget", expiresAt,
				(leadId != null) ? Map.of("lead_id", leadId) : Map.of());
	}

	private static String jwt(String secret, UUID clientId, String scope, Instant expiresAt,
			Map<String, Object> extraClaims) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("test").claim("scope", scope);
		extraClaims.forEach(claims::claim);
		if (clientId != null) {
			claims.claim("client_id", clientId.toString());
		}
		if (expiresAt != null) {
			claims.expirationTime(Date.from(expiresAt));
		}
		SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
		try {
			token.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		String serialized = token.serialize();
		Ledger.credential(serialized, clientId);
		return Sentinels.register(serialized);
	}

	protected static String json(Object value) {
		try {
			return JSON.writeValueAsString(value);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A dealership set up for a test.
	 *
	 * @param clientId the tenant
	 * @param replyKey an API key with {@code agent:reply}
	 * @param adminKey an API key with {@code agent:admin}
	 */
	public record Tenant(UUID clientId, String replyKey, String adminKey) {
	}

}
