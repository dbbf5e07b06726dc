package io.agentruntime.proof;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import io.agentruntime.support.Api;
import io.agentruntime.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization matrix (issue 9, OWASP API1/API2/API5): every endpoint × every kind of caller
 * → the exact status DESIGN §2 demands, on real Spring Security and PostgreSQL. Another tenant's ids
 * answer 404 exactly like missing ones; another tenant's own credential only ever acts on its own
 * rows; a refused request changes nothing.
 *
 * <p>
 * {@link #endpoints()} is the extension point: today an explicit list of what exists; after the
 * OpenAPI document lands (issue 6) it reads {@code /v3/api-docs}, and
 * {@link #everyEndpointHasAnExpectation()} fails for any endpoint without a row in
 * {@link #expectations()} (see docs/notes/9.md).
 */
class AuthorizationMatrixIntegrationTests extends IntegrationTest {

	/** Who calls. */
	enum Caller {

		/** No {@code Authorization} header. */
		NO_CREDENTIAL,

		/** A bearer value that is neither a JWT nor a key. */
		MALFORMED,

		/** A JWT of the owner with the right scope, expired. */
		EXPIRED_JWT,

		/** A JWT of the owner with the right scope, signed with another secret. */
		WRONG_SIGNATURE,

		/** A valid JWT of the owner with a scope that does not cover the endpoint. */
		WRONG_SCOPE,

		/** A valid key with the right scope of a disabled client. */
		DISABLED_CLIENT,

		/** Another tenant's valid key, naming only its own ids: acts on its own rows only. */
		OTHER_TENANTS_KEY,

		/** Another tenant's valid key, naming the owner's ids. */
		OTHER_TENANTS_IDS,

		/** The owner, for contrast. */
		OWNER

	}

	/** An operation: method and path template as in the OpenAPI document. */
	record Endpoint(String method, String path) {

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

	/**
	 * What one endpoint needs and must answer.
	 *
	 * @param scope the scope that grants it, or {@code null} for a public endpoint
	 * @param wrongScope a scope that does not grant it
	 * @param request the path (template filled in) and body for a caller naming these ids
	 * @param statuses the exact status per caller
	 */
	record Expectation(String scope, String wrongScope, BiFunction<Endpoint, Ids, Request> request,
			Map<Caller, Integer> statuses) {
	}

	/** The ids of one tenant that requests may name. */
	record Ids(UUID clientId, String leadId, String conversationId) {
	}

	/** One concrete request. */
	record Request(String path, Object body) {
	}

	private Tenant owner;

	private Tenant other;

	private Tenant disabled;

	private Ids ownerIds;

	private Ids otherIds;

	/**
	 * EXTENSION POINT: the operations under test. Switch to reading {@code /v3/api-docs} when it
	 * exists (issue 6): every {@code paths.<path>.<method>} becomes an {@link Endpoint}.
	 */
	List<Endpoint> endpoints() {
		return List.of(new Endpoint("POST", "/api/agent/reply"), new Endpoint("GET", "/api/agent/health"));
	}

	/** The expected row of every endpoint. A new endpoint needs one here, or the matrix fails. */
	Map<Endpoint, Expectation> expectations() {
		Map<Endpoint, Expectation> expectations = new LinkedHashMap<>();
		expectations.put(new Endpoint("POST", "/api/agent/reply"),
				tenantScoped("agent:reply", "platform:admin", 200, 404,
						(endpoint, ids) -> new Request(endpoint.path(), Map.of("message", "Authorization matrix probe",
								"leadId", ids.leadId(), "conversationId", ids.conversationId()))));
		// Public, but a bearer value that is sent is still checked (Spring Security's resource
		// server): a broken one is a 401, a valid one of a disabled client a 403.
		expectations.put(new Endpoint("GET", "/api/agent/health"),
				new Expectation(null, null, (endpoint, ids) -> new Request(endpoint.path(), null),
						statuses(200, 401, 401, 401, 200, 403, 200, 200, 200)));
		return expectations;
	}

	/** The statuses DESIGN §2 gives any tenant-scoped endpoint. */
	static Expectation tenantScoped(String scope, String wrongScope, int ok, int foreignIds,
			BiFunction<Endpoint, Ids, Request> request) {
		return new Expectation(scope, wrongScope, request, statuses(401, 401, 401, 401, 403, 403, ok, foreignIds, ok));
	}

	/** Statuses in the order of {@link Caller}. */
	static Map<Caller, Integer> statuses(int... statuses) {
		assertThat(statuses).hasSize(Caller.values().length);
		Map<Caller, Integer> map = new EnumMap<>(Caller.class);
		for (Caller caller : Caller.values()) {
			map.put(caller, statuses[caller.ordinal()]);
		}
		return map;
	}

	@BeforeEach
	void tenants() {
		this.owner = newTenant("Matrix Owner Motors");
		this.other = newTenant("Matrix Other Motors");
		this.disabled = newTenant("Matrix Disabled Motors");
		this.jdbc.sql("update clients set active = false where id = ?").param(this.disabled.clientId()).update();
		this.ownerIds = new Ids(this.owner.clientId(), "matrix-lead-owner", "matrix-conversation-owner");
		this.otherIds = new Ids(this.other.clientId(), "matrix-lead-other", "matrix-conversation-other");
		lead(this.owner.clientId(), this.ownerIds.leadId(), "matrix.owner.lead@example.com");
		lead(this.other.clientId(), this.otherIds.leadId(), "matrix.other.lead@example.com");
	}

	@Test
	void everyEndpointHasAnExpectation() {
		Set<Endpoint> missing = endpoints().stream()
			.filter(endpoint -> !expectations().containsKey(endpoint))
			.collect(Collectors.toSet());

		assertThat(missing).as("endpoints without a row in the authorization matrix").isEmpty();
		expectations().forEach((endpoint, expectation) -> assertThat(expectation.statuses().keySet())
			.as("callers with an expected status for %s", endpoint)
			.containsExactlyInAnyOrder(Caller.values()));
	}

	@TestFactory
	List<DynamicTest> matrix() {
		List<DynamicTest> tests = new ArrayList<>();
		for (Endpoint endpoint : endpoints()) {
			Expectation expectation = expectations().get(endpoint);
			if (expectation == null) {
				continue; // everyEndpointHasAnExpectation reports it
			}
			for (Caller caller : Caller.values()) {
				int status = expectation.statuses().get(caller);
				tests.add(DynamicTest.dynamicTest(endpoint + " × " + caller + " → " + status,
						() -> check(endpoint, expectation, caller, status)));
			}
		}
		return tests;
	}

	private void check(Endpoint endpoint, Expectation expectation, Caller caller, int expected) {
		Ids ids = (caller == Caller.OTHER_TENANTS_KEY) ? this.otherIds : this.ownerIds;
		Request request = expectation.request().apply(endpoint, ids);
		long ownerRowsBefore = auditRows(this.owner.clientId());
		long otherRowsBefore = auditRows(this.other.clientId());

		Api.Response response = this.api.send(endpoint.method(), request.path(), credential(expectation, caller),
				(request.body() != null) ? request.body() : "", "application/json");

		assertThat(response.status()).as("%s × %s: %s", endpoint, caller, response.body()).isEqualTo(expected);
		assertThat(response.header("X-Request-Id")).isNotBlank();
		if (expected >= 400) {
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.json().get("status").asInt()).isEqualTo(expected);
			assertThat(auditRows(this.owner.clientId())).as("owner's rows after a refused request")
				.isEqualTo(ownerRowsBefore);
			assertThat(auditRows(this.other.clientId())).as("other tenant's rows after a refused request")
				.isEqualTo(otherRowsBefore);
		}
		if (expected == 401) {
			assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		}
		if (caller == Caller.OTHER_TENANTS_KEY) {
			// Another tenant's key never touches the owner's rows, whatever it asks.
			assertThat(auditRows(this.owner.clientId())).isEqualTo(ownerRowsBefore);
		}
	}

	private String credential(Expectation expectation, Caller caller) {
		String scope = (expectation.scope() != null) ? expectation.scope() : "agent:reply";
		Instant later = Instant.now().plusSeconds(600);
		return switch (caller) {
			case NO_CREDENTIAL -> null;
			case MALFORMED -> "not-a-jwt-nor-a-key";
			case EXPIRED_JWT -> jwt(this.owner.clientId(), scope, Instant.now().minusSeconds(600));
			case WRONG_SIGNATURE -> jwt("a-different-secret-of-at-least-32-bytes", this.owner.clientId(), scope, later);
			case WRONG_SCOPE -> jwt(this.owner.clientId(),
					(expectation.wrongScope() != null) ? expectation.wrongScope() : "platform:admin", later);
			case DISABLED_CLIENT -> apiKey(this.disabled.clientId(), List.of(scope));
			case OTHER_TENANTS_KEY, OTHER_TENANTS_IDS -> apiKey(this.other.clientId(), List.of(scope));
			case OWNER -> apiKey(this.owner.clientId(), List.of(scope));
		};
	}

	private long auditRows(UUID clientId) {
		return this.jdbc.sql("select count(*) from agent_exchange where client_id = ?").param(clientId).query(Long.class).single();
	}

}
