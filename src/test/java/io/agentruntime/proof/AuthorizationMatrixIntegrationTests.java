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
import io.agentruntime.tenant.ApiKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization matrix (issue 9, OWASP API1/API2/API5; widget credentials, issue 14):
 * every endpoint × every kind of caller → the exact status DESIGN §2 demands, on real
 * Spring Security and PostgreSQL. Another tenant's ids answer 404 exactly like missing
 * ones; another tenant's own credential only ever acts on its own rows; a refused request
 * changes nothing.
 *
 * <p>
 * {@link #endpoints()} reads every operation under {@code /api/} from
 * {@code /v3/api-docs}, and {@link #everyEndpointHasAnExpectation()} fails for any
 * endpoint without a row in {@link #expectations()}.
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

		/**
		 * Another tenant's valid key, naming only its own ids: acts on its own rows only.
		 */
		OTHER_TENANTS_KEY,

		/** Another tenant's valid key, naming the owner's ids. */
		OTHER_TENANTS_IDS,

		/** The owner, for contrast. */
		OWNER,

		/**
		 * The owner's publishable widget key, from its allowed origin (issue 14): only
		 * the reply, and there no {@code leadId}.
		 */
		WIDGET_KEY,

		/**
		 * A widget JWT of the owner bound to the owner's lead by {@code lead_id} (issue
		 * 14): only the reply, and there no other {@code leadId}.
		 */
		WIDGET_JWT

	}

	/** The origin the matrix's widget key allows and sends. */
	private static final String WIDGET_ORIGIN = "https://matrix-shop.example.com";

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

	/**
	 * The ids of one tenant that requests may name; resources a request consumes are made
	 * per request.
	 */
	record Ids(UUID clientId, String leadId, String conversationId, UUID configId) {
	}

	/** One concrete request. */
	record Request(String path, Object body) {
	}

	private static final String REPLY_SCOPE = "agent:reply";

	private static final String ADMIN_SCOPE = "agent:admin";

	private static final String PLATFORM_SCOPE = "platform:admin";

	private Tenant owner;

	private Tenant other;

	private Tenant disabled;

	private Ids ownerIds;

	private Ids otherIds;

	/**
	 * Every operation under {@code /api/} of the OpenAPI document: a new endpoint joins
	 * the matrix by itself.
	 */
	List<Endpoint> endpoints() {
		Api.Response docs = this.api.get("/v3/api-docs", null);
		assertThat(docs.status()).as("GET /v3/api-docs").isEqualTo(200);
		List<Endpoint> endpoints = new ArrayList<>();
		docs.json()
			.get("paths")
			.fields()
			.forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
				if (path.getKey().startsWith("/api/") && HTTP_METHODS.contains(method)) {
					endpoints.add(new Endpoint(method.toUpperCase(java.util.Locale.ROOT), path.getKey()));
				}
			}));
		assertThat(endpoints).as("operations in /v3/api-docs").contains(new Endpoint("POST", "/api/agent/reply"));
		return endpoints;
	}

	private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options",
			"trace");

	/**
	 * The expected row of every endpoint. A new endpoint needs one here, or the matrix
	 * fails.
	 */
	Map<Endpoint, Expectation> expectations() {
		Map<Endpoint, Expectation> expectations = new LinkedHashMap<>();
		// Reply scope: reply, leads, memory ingest, conversations (DESIGN §2, §3).
		// The one endpoint of widget credentials; the probe names a lead, which a widget
		// may not (400, DESIGN §2).
		expectations.put(new Endpoint("POST", "/api/agent/reply"),
				widgetsGet(400, tenantScoped(REPLY_SCOPE, PLATFORM_SCOPE, 200, 404,
						(endpoint, ids) -> new Request(endpoint.path(), Map.of("message", "Authorization matrix probe",
								"leadId", ids.leadId(), "conversationId", ids.conversationId())))));
		// An upsert in the caller's own namespace: another tenant's lead id creates that
		// tenant's own lead.
		expectations.put(new Endpoint("PUT", "/api/agent/leads/{leadId}"),
				tenantScoped(REPLY_SCOPE, PLATFORM_SCOPE, 200, 201,
						(endpoint, ids) -> new Request(endpoint.path().replace("{leadId}", freshLead(ids.clientId())),
								Map.of("name", "Matrix Lead"))));
		expectations.put(new Endpoint("GET", "/api/agent/leads/{leadId}"), tenantScoped(REPLY_SCOPE, PLATFORM_SCOPE,
				200, 404, (endpoint, ids) -> new Request(endpoint.path().replace("{leadId}", ids.leadId()), null)));
		expectations.put(new Endpoint("DELETE", "/api/agent/leads/{leadId}"), tenantScoped(REPLY_SCOPE, PLATFORM_SCOPE,
				204, 404,
				(endpoint, ids) -> new Request(endpoint.path().replace("{leadId}", freshLead(ids.clientId())), null)));
		expectations.put(new Endpoint("POST", "/api/agent/memory"),
				tenantScoped(REPLY_SCOPE, PLATFORM_SCOPE, 202, 404, (endpoint, ids) -> new Request(endpoint.path(),
						Map.of("content", "Authorization matrix memory note", "leadId", ids.leadId()))));
		expectations.put(new Endpoint("GET", "/api/agent/conversations/{conversationId}"),
				tenantScoped(REPLY_SCOPE, PLATFORM_SCOPE, 200, 404, (endpoint,
						ids) -> new Request(endpoint.path().replace("{conversationId}", ids.conversationId()), null)));
		// Conversations with an owner (issue 19): each request acts on a conversation of
		// its own, made in the state the action needs.
		expectations.put(new Endpoint("GET", "/api/agent/conversations"), tenantScoped(REPLY_SCOPE, PLATFORM_SCOPE, 200,
				200, (endpoint, ids) -> new Request(endpoint.path() + "?limit=5", null)));
		expectations.put(new Endpoint("POST", "/api/agent/conversations/{conversationId}/takeover"),
				tenantScoped(REPLY_SCOPE, PLATFORM_SCOPE, 200, 404,
						(endpoint, ids) -> new Request(conversationPath(endpoint, ids, "handoff"),
								Map.of("assignee", "Matrix Staff"))));
		expectations.put(new Endpoint("POST", "/api/agent/conversations/{conversationId}/release"),
				tenantScoped(REPLY_SCOPE, PLATFORM_SCOPE, 200, 404,
						(endpoint, ids) -> new Request(conversationPath(endpoint, ids, "human"), null)));
		expectations.put(new Endpoint("POST", "/api/agent/conversations/{conversationId}/close"),
				tenantScoped(REPLY_SCOPE, PLATFORM_SCOPE, 200, 404,
						(endpoint, ids) -> new Request(conversationPath(endpoint, ids, "ai"), null)));
		expectations.put(new Endpoint("POST", "/api/agent/conversations/{conversationId}/messages"),
				tenantScoped(REPLY_SCOPE, PLATFORM_SCOPE, 201, 404,
						(endpoint, ids) -> new Request(conversationPath(endpoint, ids, "human"),
								Map.of("text", "Authorization matrix staff note", "author", "Matrix Staff"))));
		// Admin scope: configs, API keys, usage. Lists and creations only ever see the
		// caller's tenant.
		expectations.put(new Endpoint("GET", "/api/agent/configs"), tenantScoped(ADMIN_SCOPE, REPLY_SCOPE, 200, 200,
				(endpoint, ids) -> new Request(endpoint.path(), null)));
		expectations.put(new Endpoint("POST", "/api/agent/configs"), tenantScoped(ADMIN_SCOPE, REPLY_SCOPE, 201, 201,
				(endpoint, ids) -> new Request(endpoint.path(), Map.of("name", "Matrix Config"))));
		expectations.put(new Endpoint("GET", "/api/agent/configs/active"), tenantScoped(ADMIN_SCOPE, REPLY_SCOPE, 200,
				200, (endpoint, ids) -> new Request(endpoint.path(), null)));
		expectations.put(new Endpoint("GET", "/api/agent/configs/{id}"), tenantScoped(ADMIN_SCOPE, REPLY_SCOPE, 200,
				404, (endpoint, ids) -> new Request(endpoint.path().replace("{id}", ids.configId().toString()), null)));
		expectations.put(new Endpoint("PUT", "/api/agent/configs/{id}"),
				tenantScoped(ADMIN_SCOPE, REPLY_SCOPE, 200, 404,
						(endpoint, ids) -> new Request(endpoint.path().replace("{id}", ids.configId().toString()),
								Map.of("name", "Matrix Config Renamed", "version", version(ids.configId())))));
		expectations.put(new Endpoint("DELETE", "/api/agent/configs/{id}"),
				tenantScoped(ADMIN_SCOPE, REPLY_SCOPE, 204, 404,
						(endpoint, ids) -> new Request(
								endpoint.path().replace("{id}", config(ids.clientId(), false, Map.of()).toString()),
								null)));
		expectations.put(new Endpoint("POST", "/api/agent/configs/{id}/activate"), tenantScoped(ADMIN_SCOPE,
				REPLY_SCOPE, 200, 404,
				(endpoint, ids) -> new Request(endpoint.path().replace("{id}", ids.configId().toString()), null)));
		expectations.put(new Endpoint("GET", "/api/agent/configs/{id}/prompt-preview"), tenantScoped(ADMIN_SCOPE,
				REPLY_SCOPE, 200, 404,
				(endpoint, ids) -> new Request(endpoint.path().replace("{id}", ids.configId().toString()), null)));
		expectations.put(new Endpoint("POST", "/api/agent/api-keys"),
				tenantScoped(ADMIN_SCOPE, REPLY_SCOPE, 201, 201, (endpoint, ids) -> new Request(endpoint.path(),
						Map.of("name", "Matrix Key", "scopes", List.of(REPLY_SCOPE)))));
		expectations.put(new Endpoint("GET", "/api/agent/api-keys"), tenantScoped(ADMIN_SCOPE, REPLY_SCOPE, 200, 200,
				(endpoint, ids) -> new Request(endpoint.path(), null)));
		expectations.put(new Endpoint("DELETE", "/api/agent/api-keys/{id}"),
				tenantScoped(ADMIN_SCOPE, REPLY_SCOPE, 204, 404, (endpoint, ids) -> new Request(
						endpoint.path().replace("{id}", freshKeyId(ids.clientId()).toString()), null)));
		expectations.put(new Endpoint("GET", "/api/agent/usage"), tenantScoped(ADMIN_SCOPE, REPLY_SCOPE, 200, 200,
				(endpoint, ids) -> new Request(endpoint.path() + "?from=2026-01-01&to=2026-12-31", null)));
		// Public, but a bearer value that is sent is still checked (Spring Security's
		// resource server): a broken one is a 401, a valid one of a disabled client a
		// 403.
		expectations.put(new Endpoint("GET", "/api/agent/health"),
				new Expectation(null, null, (endpoint, ids) -> new Request(endpoint.path(), null),
						statuses(200, 401, 401, 401, 200, 403, 200, 200, 200, 200, 200)));
		// Platform scope: only the platform key; any tenant credential is the wrong
		// scope, and the other-tenant callers mean nothing here beyond that (DESIGN §2).
		expectations.put(new Endpoint("POST", "/api/admin/clients"), platformScoped(201,
				(endpoint, ids) -> new Request(endpoint.path(), Map.of("name", "Matrix Platform Motors"))));
		expectations.put(new Endpoint("GET", "/api/admin/clients"),
				platformScoped(200, (endpoint, ids) -> new Request(endpoint.path(), null)));
		expectations.put(new Endpoint("PATCH", "/api/admin/clients/{id}"),
				platformScoped(200,
						(endpoint, ids) -> new Request(endpoint.path().replace("{id}", bareClient().toString()),
								Map.of("tokensPerDay", 1000))));
		expectations.put(new Endpoint("POST", "/api/admin/clients/{id}/api-keys"),
				platformScoped(201,
						(endpoint, ids) -> new Request(endpoint.path().replace("{id}", bareClient().toString()),
								Map.of("name", "Matrix First Key", "scopes", List.of(REPLY_SCOPE)))));
		return expectations;
	}

	/**
	 * The statuses of a {@code platform:admin} endpoint; the owner caller holds the
	 * platform key.
	 */
	static Expectation platformScoped(int ok, BiFunction<Endpoint, Ids, Request> request) {
		return new Expectation(PLATFORM_SCOPE, ADMIN_SCOPE, request,
				statuses(401, 401, 401, 401, 403, 403, 403, 403, ok, 403, 403));
	}

	/** The statuses DESIGN §2 gives any tenant-scoped endpoint. */
	static Expectation tenantScoped(String scope, String wrongScope, int ok, int foreignIds,
			BiFunction<Endpoint, Ids, Request> request) {
		return new Expectation(scope, wrongScope, request,
				statuses(401, 401, 401, 401, 403, 403, ok, foreignIds, ok, 403, 403));
	}

	/** The same row with another status for both widget callers. */
	static Expectation widgetsGet(int status, Expectation expectation) {
		Map<Caller, Integer> statuses = new EnumMap<>(expectation.statuses());
		statuses.put(Caller.WIDGET_KEY, status);
		statuses.put(Caller.WIDGET_JWT, status);
		return new Expectation(expectation.scope(), expectation.wrongScope(), expectation.request(), statuses);
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
		// The matrix sends some 200 requests per run: no per-tenant request limit in the
		// way (0 = unlimited).
		this.jdbc.sql("update clients set requests_per_minute = 0 where id = any(?)")
			.param(new UUID[] { this.owner.clientId(), this.other.clientId(), this.disabled.clientId() })
			.update();
		this.ownerIds = ids(this.owner, "owner");
		this.otherIds = ids(this.other, "other");
	}

	/**
	 * A lead, an active config and a conversation (one reply through Api) of the tenant.
	 */
	private Ids ids(Tenant tenant, String who) {
		String suffix = who + "-" + UUID.randomUUID().toString().substring(0, 8);
		Ids ids = new Ids(tenant.clientId(), "matrix-lead-" + suffix, "matrix-conversation-" + suffix,
				config(tenant.clientId(), true, Map.of("name", "Matrix Active")));
		lead(tenant.clientId(), ids.leadId(), "matrix." + suffix + "@example.com");
		assertThat(this.api
			.post(Api.REPLY_PATH, tenant.replyKey(), Map.of("message", "Matrix conversation opener", "leadId",
					ids.leadId(), "conversationId", ids.conversationId()))
			.status()).isEqualTo(200);
		return ids;
	}

	@Test
	void everyEndpointHasAnExpectation() {
		Set<Endpoint> missing = endpoints().stream()
			.filter(endpoint -> !expectations().containsKey(endpoint))
			.collect(Collectors.toSet());

		assertThat(missing).as("endpoints without a row in the authorization matrix").isEmpty();
		assertThat(expectations().keySet()).as("rows for endpoints that the OpenAPI document does not list")
			.isSubsetOf(endpoints());
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
		String credential = credential(expectation, caller);
		String ownerBefore = fingerprint(this.owner.clientId());
		String otherBefore = fingerprint(this.other.clientId());

		Api.Response response = (caller == Caller.WIDGET_KEY)
				? this.api.raw(endpoint.method(), request.path(),
						Map.of("Authorization", "Bearer " + credential, "Content-Type", "application/json", "Origin",
								WIDGET_ORIGIN),
						(request.body() != null) ? json(request.body()) : "")
				: this.api.send(endpoint.method(), request.path(), credential,
						(request.body() != null) ? request.body() : "", "application/json");

		assertThat(response.status()).as("%s × %s: %s", endpoint, caller, response.body()).isEqualTo(expected);
		assertThat(response.header("X-Request-Id")).isNotBlank();
		if (expected >= 400) {
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.json().get("status").asInt()).isEqualTo(expected);
			assertThat(fingerprint(this.owner.clientId())).as("owner's rows after a refused request")
				.isEqualTo(ownerBefore);
			assertThat(fingerprint(this.other.clientId())).as("other tenant's rows after a refused request")
				.isEqualTo(otherBefore);
		}
		if (expected == 401) {
			assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		}
		if (caller != Caller.OWNER) {
			// Whatever it asks, no other caller changes or sees the owner's rows.
			assertThat(fingerprint(this.owner.clientId())).as("owner's rows after %s", caller).isEqualTo(ownerBefore);
			// An id the caller sent itself may come back (a problem's instance is the
			// request path).
			String sent = request.path() + " " + request.body();
			List<String> ownerIds = java.util.stream.Stream
				.of(this.owner.clientId().toString(), this.ownerIds.leadId(), this.ownerIds.conversationId(),
						this.ownerIds.configId().toString())
				.filter(id -> !sent.contains(id))
				.toList();
			assertThat(response.body()).as("owner's ids in the answer to %s", caller).doesNotContain(ownerIds);
		}
	}

	private String credential(Expectation expectation, Caller caller) {
		boolean platform = PLATFORM_SCOPE.equals(expectation.scope());
		// The tenant credentials of a platform endpoint are the strongest a tenant can
		// hold.
		String scope = (expectation.scope() == null) ? REPLY_SCOPE : platform ? ADMIN_SCOPE : expectation.scope();
		String jwtScope = (expectation.scope() != null) ? expectation.scope() : REPLY_SCOPE;
		Instant later = Instant.now().plusSeconds(600);
		return switch (caller) {
			case NO_CREDENTIAL -> null;
			case MALFORMED -> "not-a-jwt-nor-a-key";
			case EXPIRED_JWT -> jwt(this.owner.clientId(), jwtScope, Instant.now().minusSeconds(600));
			case WRONG_SIGNATURE ->
				jwt("a-different-secret-of-at-least-32-bytes", this.owner.clientId(), jwtScope, later);
			case WRONG_SCOPE -> jwt(this.owner.clientId(),
					(expectation.wrongScope() != null) ? expectation.wrongScope() : PLATFORM_SCOPE, later);
			case DISABLED_CLIENT -> apiKey(this.disabled.clientId(), List.of(scope));
			case OTHER_TENANTS_KEY, OTHER_TENANTS_IDS -> apiKey(this.other.clientId(), List.of(scope));
			case OWNER -> platform ? PLATFORM_KEY : apiKey(this.owner.clientId(), List.of(scope));
			case WIDGET_KEY -> widgetKey();
			case WIDGET_JWT -> widgetJwt(this.owner.clientId(), this.ownerIds.leadId(), later);
		};
	}

	/** A widget key of the owner, created by its administrator through the API. */
	private String widgetKey() {
		Api.Response created = this.api.post("/api/agent/api-keys", this.owner.adminKey(), Map.of("name",
				"Matrix Widget", "scopes", List.of("agent:widget"), "allowedOrigins", List.of(WIDGET_ORIGIN)));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("key").asText();
	}

	/**
	 * What a tenant owns, as one comparable text. Left out on purpose: last_used_at, and
	 * the memory outbox, which the background worker empties at its own pace.
	 */
	private String fingerprint(UUID clientId) {
		return this.jdbc
			.sql("""
					select concat_ws(' | ',
					    (select concat_ws(',', name, active, requests_per_minute, tokens_per_day) from clients where id = :id),
					    (select count(*) from agent_exchange where client_id = :id),
					    (select string_agg(concat_ws(':', conversation_id, state, assignee, version), ','
					        order by conversation_id) from conversation where client_id = :id),
					    (select count(*) from conversation_event where client_id = :id),
					    (select string_agg(concat_ws(':', lead_id, email, name), ',' order by lead_id) from leads where client_id = :id),
					    (select string_agg(concat_ws(':', id, name, version, is_active), ',' order by id)
					        from ai_agent_config where client_id = :id),
					    (select string_agg(concat_ws(':', id, revoked_at), ',' order by id) from api_keys where client_id = :id))
					""")
			.param("id", clientId)
			.query(String.class)
			.single();
	}

	/**
	 * The action's path on a new conversation of the tenant in this state.
	 */
	private String conversationPath(Endpoint endpoint, Ids ids, String state) {
		String conversationId = "matrix-staff-" + UUID.randomUUID().toString().substring(0, 8);
		this.jdbc.sql(
				"insert into conversation (client_id, conversation_id, lead_id, state, assignee) values (?, ?, ?, ?, ?)")
			.params(ids.clientId(), conversationId, ids.leadId(), state, "human".equals(state) ? "Matrix Staff" : null)
			.update();
		return endpoint.path().replace("{conversationId}", conversationId);
	}

	private String freshLead(UUID clientId) {
		String leadId = "matrix-erasable-" + UUID.randomUUID().toString().substring(0, 8);
		lead(clientId, leadId, leadId + "@example.com");
		return leadId;
	}

	private long version(UUID configId) {
		return this.jdbc.sql("select version from ai_agent_config where id = ?")
			.param(configId)
			.query(Long.class)
			.single();
	}

	private UUID freshKeyId(UUID clientId) {
		String key = apiKey(clientId, List.of(REPLY_SCOPE));
		return this.jdbc.sql("select id from api_keys where key_hash = ?")
			.param(ApiKeys.hash(key))
			.query(UUID.class)
			.single();
	}

	/** A client made as the platform would, outside the support's tenants. */
	private UUID bareClient() {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("insert into clients (id, name) values (?, ?)").params(id, "Matrix Bare Motors").update();
		return id;
	}

}
