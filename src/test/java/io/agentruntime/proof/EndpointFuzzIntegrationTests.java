package io.agentruntime.proof;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

import io.agentruntime.support.Api;
import io.agentruntime.support.FakeSupermemory;
import io.agentruntime.support.IntegrationTest;
import io.agentruntime.support.Sentinels;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Tuple;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based fuzzing beyond the reply (issue 9): the bodies, path variables and query
 * strings of {@code PUT /api/agent/leads/{leadId}}, {@code POST /api/agent/memory},
 * {@code POST/PUT /api/agent/configs} and {@code GET /api/agent/usage}; and (issue 19)
 * the conversation list, takeover and staff messages. For every request: never a 5xx; a
 * 4xx is {@code application/problem+json} with a matching {@code status}; after a 4xx the
 * tenant's rows in the table the endpoint writes are exactly as before.
 *
 * <p>
 * Same seed and tries as {@link ReplyFuzzIntegrationTests} ({@code -Dfuzz.seed},
 * {@code -Dfuzz.tries}); each endpoint gets a quarter of the tries.
 */
class EndpointFuzzIntegrationTests extends IntegrationTest {

	/**
	 * An endpoint under fuzz.
	 *
	 * @param name what the failures are reported as
	 * @param method the HTTP method
	 * @param paths path and query string, variables filled in
	 * @param bodies body texts, {@code null} for none
	 * @param admin whether the valid credential is the {@code agent:admin} key
	 * @param state the tenant's rows the endpoint may write, as comparable text
	 * @param prepare run before each request (set-up, not under test)
	 */
	record Target(String name, String method, Arbitrary<String> paths, Arbitrary<String> bodies, boolean admin,
			Supplier<String> state, Runnable prepare) {

		Target(String name, String method, Arbitrary<String> paths, Arbitrary<String> bodies, boolean admin,
				Supplier<String> state) {
			this(name, method, paths, bodies, admin, state, () -> {
			});
		}

	}

	@TestFactory
	List<DynamicTest> neverAnswers5xxAlwaysProblemJsonAndWritesNothingOn4xx() {
		long seed = Long.getLong("fuzz.seed", ReplyFuzzIntegrationTests.DEFAULT_SEED);
		int tries = Math.max(1, Integer.getInteger("fuzz.tries", ReplyFuzzIntegrationTests.DEFAULT_TRIES) / 4);
		Tenant tenant = newTenant("Endpoint Fuzz Motors");
		this.jdbc.sql("update clients set requests_per_minute = 0 where id = ?").param(tenant.clientId()).update();
		lead(tenant.clientId(), "fuzz-lead", "endpoint.fuzz.lead@example.com");
		UUID configId = config(tenant.clientId(), false, Map.of("name", "Fuzz Config"));
		// Writes stay in the outbox while the fuzz runs, so that its row count is a
		// stable oracle; the invariants later find them delivered, pending or dead.
		MEMORY.writeOutage(tenant.clientId(), () -> FakeSupermemory.error(503, "Service unavailable"));
		UUID clientId = tenant.clientId();
		this.jdbc.sql("insert into conversation (client_id, conversation_id) values (?, 'fuzz-conv')")
			.param(clientId)
			.update();

		List<Target> targets = List.of(
				new Target("PUT lead", "PUT", leadPaths(), leadBodies(), false,
						() -> rows("select string_agg(concat_ws(':', lead_id, email, name), ',' order by lead_id) "
								+ "from leads where client_id = ?", clientId)),
				new Target("POST memory", "POST", Arbitraries.just(Api.MEMORY_PATH), memoryBodies(), false,
						() -> rows("select count(*)::text from memory_outbox where client_id = ?", clientId)),
				new Target("POST config", "POST", Arbitraries.just("/api/agent/configs"), configBodies(), true,
						() -> configs(clientId)),
				new Target("PUT config", "PUT",
						Arbitraries.frequency(Tuple.of(6, "/api/agent/configs/" + configId),
								Tuple.of(1, "/api/agent/configs/" + UUID.randomUUID()),
								Tuple.of(1, "/api/agent/configs/not-a-uuid"),
								Tuple.of(1, "/api/agent/configs/" + configId + "%00")),
						configBodies(), true, () -> configs(clientId),
						// Generated bodies carry version 0 or 1: keep the stored one at 0
						// so that some PUTs succeed.
						() -> this.jdbc.sql("update ai_agent_config set version = 0 where id = ?")
							.param(configId)
							.update()),
				new Target("GET usage", "GET", usagePaths(), Arbitraries.just((String) null), true,
						() -> rows("select count(*)::text from agent_exchange where client_id = ?", clientId)),
				// Issue 19: staff actions on one conversation, reset before each request
				// so that some are accepted; foreign and odd ids in between.
				new Target("POST takeover", "POST", conversationPaths("takeover"), takeoverBodies(), false,
						() -> conversations(clientId), () -> conversationState(clientId, "ai")),
				new Target("POST staff message", "POST", conversationPaths("messages"), staffMessageBodies(), false,
						() -> conversations(clientId), () -> conversationState(clientId, "human")),
				new Target("GET conversations", "GET", conversationListPaths(), Arbitraries.just((String) null), false,
						() -> conversations(clientId)));

		List<DynamicTest> tests = new ArrayList<>();
		for (Target target : targets) {
			tests.add(DynamicTest.dynamicTest(target.name(), () -> fuzz(target, tenant, seed, tries)));
		}
		tests.add(DynamicTest.dynamicTest("memory writes resume", () -> MEMORY.endOutage(clientId)));
		return tests;
	}

	private void fuzz(Target target, Tenant tenant, long seed, int tries) {
		List<ReplyFuzzIntegrationTests.Sample> samples = generate(samples(target, tenant), seed, tries);
		List<String> failures = new ArrayList<>();
		int sent = 0;
		int accepted = 0;
		for (int i = 0; i < samples.size() && failures.size() < 10; i++) {
			ReplyFuzzIntegrationTests.Sample sample = samples.get(i);
			target.prepare().run();
			String before = target.state().get();
			Api.Response response;
			try {
				response = this.api.raw(sample.method(), sample.path(), sample.headers(), sample.body());
			}
			catch (IllegalArgumentException ex) {
				continue; // the JDK client refuses this header value or URI; a server
							// never sees it
			}
			sent++;
			String problem = check(response, before, target.state().get());
			if (problem != null) {
				failures.add("#" + i + " " + problem + "\n    request: " + sample.describe() + "\n    response: "
						+ response.status() + " " + response.contentType() + " " + abbreviate(response.body()));
			}
			if (response.status() < 300) {
				accepted++;
			}
		}
		System.out.println("EndpointFuzzIntegrationTests " + target.name() + ": seed " + seed + ", " + sent + " sent, "
				+ accepted + " accepted");
		assertThat(failures).as("%s fuzz failures with seed %d", target.name(), seed).isEmpty();
		assertThat(sent).as("requests the JDK client could send").isGreaterThan(samples.size() / 2);
		assertThat(accepted).as("the campaign also reaches the happy path").isPositive();
	}

	/** Null when the response honours the contract, else what is wrong. */
	private static String check(Api.Response response, String before, String after) {
		int status = response.status();
		if (status >= 500) {
			return "5xx";
		}
		if (response.header("X-Request-Id") == null) {
			return "no X-Request-Id";
		}
		if (status < 400) {
			return null;
		}
		String problem = ProblemShape.violation(response, status);
		if (problem != null) {
			return problem;
		}
		if (!before.equals(after)) {
			return "a 4xx changed the tenant's rows";
		}
		return null;
	}

	private static List<ReplyFuzzIntegrationTests.Sample> generate(Arbitrary<ReplyFuzzIntegrationTests.Sample> samples,
			long seed, int tries) {
		Random random = new Random(seed);
		List<ReplyFuzzIntegrationTests.Sample> generated = new ArrayList<>();
		JqwikSession.start();
		try {
			RandomGenerator<ReplyFuzzIntegrationTests.Sample> generator = samples.generatorWithEmbeddedEdgeCases(1000);
			for (int i = 0; i < tries; i++) {
				generated.add(generator.next(random).value());
			}
		}
		finally {
			JqwikSession.finish();
		}
		return generated;
	}

	/**
	 * Mostly the valid credential and JSON; sometimes none, another scope, or another
	 * content type.
	 */
	private static Arbitrary<ReplyFuzzIntegrationTests.Sample> samples(Target target, Tenant tenant) {
		String valid = "Bearer " + (target.admin() ? tenant.adminKey() : tenant.replyKey());
		String wrong = "Bearer " + (target.admin() ? tenant.replyKey() : "ark_not_a_key_of_anyone");
		Arbitrary<Optional<String>> authorization = Arbitraries.frequency(Tuple.of(18, Optional.of(valid)),
				Tuple.of(1, Optional.of(wrong)), Tuple.of(1, Optional.<String>empty()));
		return Combinators
			.combine(target.paths(), authorization, ReplyFuzzIntegrationTests.contentTypes(),
					ReplyFuzzIntegrationTests.accepts(), target.bodies().injectNull(0.02))
			.as((path, auth, contentType, accept, body) -> {
				Map<String, String> headers = new LinkedHashMap<>();
				auth.ifPresent(value -> headers.put("Authorization", value));
				if (body != null) {
					contentType.ifPresent(value -> headers.put("Content-Type", value));
				}
				accept.ifPresent(value -> headers.put("Accept", value));
				return new ReplyFuzzIntegrationTests.Sample(target.method(), path, headers, body);
			});
	}

	/**
	 * Lead ids as they may arrive in a path: plausible, too long, encoded separators,
	 * dots, unicode, controls.
	 */
	static Arbitrary<String> leadPaths() {
		Arbitrary<String> plausible = Arbitraries.strings()
			.withChars("abcxyz0123456789-_.")
			.ofMinLength(1)
			.ofMaxLength(66);
		Arbitrary<String> odd = Arbitraries.of("fuzz-lead", "%2F", "a%2Fb", "..", ".", "%2e%2e", "l%C3%A9ad",
				"%F0%9F%9A%97", "a%20b", "%00", "a%0Ab", "lead;x=y", "lead%3Bx", "%25", "%ZZ", "x".repeat(64),
				"x".repeat(65), "x".repeat(300), "%E2%80%AE", "'%20or%201=1--", "%3Cscript%3E");
		return Arbitraries.frequencyOf(Tuple.of(3, plausible), Tuple.of(2, odd)).map(id -> "/api/agent/leads/" + id);
	}

	static Arbitrary<String> leadBodies() {
		Arbitrary<Object> emails = Arbitraries.frequencyOf(Tuple.of(3,
				Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).map(s -> (Object) (s + "@example.com"))),
				Tuple.of(2,
						Arbitraries
							.of("not-an-email", "@", "a@", "a@b", "x".repeat(310) + "@example.com", "",
									"a@example.com\u0000", "\"quoted\"@example.com")
							.map(s -> (Object) s)),
				Tuple.of(1, ReplyFuzzIntegrationTests.jsonValue(1)));
		Arbitrary<Object> names = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of((Object) "Fuzz Lead Name")),
				Tuple.of(2, ReplyFuzzIntegrationTests.jsonValue(1)),
				Tuple.of(1, Arbitraries.of((Object) "n".repeat(201), (Object) "\u0000")));
		return objects(Map.of("email", emails, "name", names, "clientId",
				Arbitraries.of((Object) "7d0c3f4e-0000-4000-8000-000000000001")));
	}

	/**
	 * A required text field: marked random text mostly, else the length limit and one
	 * past it, blanks, a NUL, or any JSON value.
	 */
	private static Arbitrary<Object> fuzzText(String filler, int maxLength) {
		return Arbitraries.frequencyOf(
				Tuple.of(4,
						Arbitraries.strings()
							.all()
							.ofMinLength(1)
							.ofMaxLength(200)
							.map(s -> (Object) (Sentinels.FUZZ_MARKER + " " + s))),
				Tuple.of(1,
						Arbitraries.of((Object) filler.repeat(maxLength), (Object) filler.repeat(maxLength + 1),
								(Object) "   ", (Object) "", (Object) "nul \u0000 inside")),
				Tuple.of(1, ReplyFuzzIntegrationTests.jsonValue(1)));
	}

	static Arbitrary<String> memoryBodies() {
		Arbitrary<Object> content = fuzzText("c", 20000);
		Arbitrary<Object> leadId = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.of((Object) "fuzz-lead")),
				Tuple.of(1, Arbitraries.of((Object) "lead-of-nobody", (Object) "x".repeat(65), (Object) "")),
				Tuple.of(1, ReplyFuzzIntegrationTests.jsonValue(0)));
		Arbitrary<Object> metadata = Arbitraries.frequencyOf(
				Tuple.of(3,
						Arbitraries
							.maps(Arbitraries.strings().withChars("abcxyz_.$").ofMinLength(0).ofMaxLength(10),
									ReplyFuzzIntegrationTests.jsonValue(1))
							.ofMaxSize(4)
							.map(m -> (Object) m)),
				Tuple.of(1,
						Arbitraries.of((Object) Map.of("clientId", UUID.randomUUID().toString()),
								(Object) Map.of("leadKey", "forged"), (Object) oversizedMetadata())),
				Tuple.of(1, ReplyFuzzIntegrationTests.jsonValue(1)));
		Map<String, Arbitrary<Object>> fields = Map.of("content", content, "leadId", leadId, "metadata", metadata);
		return Arbitraries.frequencyOf(Tuple.of(2, objects(fields)), Tuple.of(1, oneFieldFuzzed(
				Map.of("content", Sentinels.FUZZ_MARKER + " valid note", "leadId", "fuzz-lead"), fields)));
	}

	static Arbitrary<String> configBodies() {
		Arbitrary<Object> text = ReplyFuzzIntegrationTests.anyValueOrPlausible();
		Arbitrary<Object> name = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of((Object) "Fuzz Assistant")),
				Tuple.of(1, Arbitraries.of((Object) "", (Object) "n".repeat(101), (Object) "nul\u0000")),
				Tuple.of(2, ReplyFuzzIntegrationTests.jsonValue(1)));
		Arbitrary<Object> list = Arbitraries.frequencyOf(
				Tuple.of(2, Arbitraries.strings().alpha().ofMaxLength(20).list().ofMaxSize(3).map(l -> (Object) l)),
				Tuple.of(1,
						Arbitraries.of((Object) java.util.Collections.nCopies(21, "do"),
								(Object) List.of("x".repeat(301)), (Object) List.of(""),
								(Object) java.util.Arrays.asList("a", null))),
				Tuple.of(1, ReplyFuzzIntegrationTests.jsonValue(1)));
		Arbitrary<Object> version = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of((Object) 0, (Object) 1)),
				Tuple.of(1, ReplyFuzzIntegrationTests.jsonValue(0)));
		Map<String, Arbitrary<Object>> fields = new LinkedHashMap<>();
		fields.put("name", name);
		fields.put("personality", text);
		fields.put("tonality", text);
		fields.put("responseStyle", text);
		fields.put("dosList", list);
		fields.put("dontsList", list);
		fields.put("industry", text);
		fields.put("model",
				Arbitraries.frequencyOf(
						Tuple.of(2, Arbitraries.of((Object) "openai/gpt-4o-mini", (Object) "evil/model")),
						Tuple.of(1, ReplyFuzzIntegrationTests.jsonValue(0))));
		fields.put("fallbackReply", text);
		fields.put("version", version);
		fields.put("isActive", Arbitraries.of((Object) true, (Object) false));
		return Arbitraries.frequencyOf(Tuple.of(2, objects(fields)),
				Tuple.of(1, oneFieldFuzzed(Map.of("name", "Fuzz Assistant", "version", 0), fields)));
	}

	/**
	 * Query strings of the usage report: dates, not-dates, reversed and huge ranges,
	 * repeats, encodings.
	 */
	static Arbitrary<String> usagePaths() {
		Arbitrary<String> date = Arbitraries.of("2026-11-01", "2026-11-24", "2026-02-30", "2026-13-01", "26-11-01", "",
				"2026-11-01T00:00:00Z", "0000-01-01", "9999-12-31", "-999999999-01-01", "+1000000000-01-01",
				"2026%2D11%2D01", "%00", "today", "2026-11-01%20", "1e9", "2026-1-1");
		Arbitrary<Optional<String>> maybeDate = date.map(Optional::of)
			.injectNull(0.3)
			.map(o -> (o != null) ? o : Optional.empty());
		return Combinators
			.combine(maybeDate, maybeDate, Arbitraries.of("", "&from=2026-11-02", "&x=1", "&to", "&&", "#frag"))
			.as((from, to, extra) -> {
				List<String> params = new ArrayList<>();
				from.ifPresent(value -> params.add("from=" + value));
				to.ifPresent(value -> params.add("to=" + value));
				return "/api/agent/usage"
						+ (params.isEmpty() && extra.isEmpty() ? "" : "?" + String.join("&", params) + extra);
			});
	}

	/**
	 * A valid body with one field replaced by a generated value, so that the accepting
	 * path is fuzzed too.
	 */
	private static Arbitrary<String> oneFieldFuzzed(Map<String, Object> valid, Map<String, Arbitrary<Object>> fields) {
		List<String> names = new ArrayList<>(fields.keySet());
		names.sort(null);
		return Arbitraries.of(names).flatMap(field -> fields.get(field).map(value -> {
			Map<String, Object> body = new java.util.TreeMap<>(valid);
			body.put(field, value);
			return IntegrationTest.json(body);
		}));
	}

	/** JSON objects with any subset of the fields; each field a generated value. */
	private static Arbitrary<String> objects(Map<String, Arbitrary<Object>> fields) {
		// Sorted: Map.of iterates in a different order in every JVM, which would defeat
		// the seed.
		List<String> names = new ArrayList<>(fields.keySet());
		names.sort(null);
		Arbitrary<String> valid = Arbitraries.subsetOf(names).flatMap(chosen -> {
			List<Arbitrary<Object>> values = chosen.stream().map(fields::get).toList();
			if (values.isEmpty()) {
				return Arbitraries.just("{}");
			}
			return Combinators.combine(values).as(list -> {
				Map<String, Object> body = new LinkedHashMap<>();
				List<String> ordered = new ArrayList<>(chosen);
				for (int i = 0; i < ordered.size(); i++) {
					body.put(ordered.get(i), list.get(i));
				}
				return IntegrationTest.json(body);
			});
		});
		Arbitrary<String> malformed = Arbitraries.of("", "{", "[]", "null", "\"text\"", "{\"name\":}",
				"{\"content\":\"x\",}", "\ufeff{}", "{\"a\":".repeat(2000) + "1" + "}".repeat(2000));
		return Arbitraries.frequencyOf(Tuple.of(8, valid), Tuple.of(1, malformed),
				Tuple.of(1, ReplyFuzzIntegrationTests.jsonValue(2).map(IntegrationTest::json)));
	}

	private static Map<String, Object> oversizedMetadata() {
		Map<String, Object> metadata = new LinkedHashMap<>();
		for (int i = 0; i < 51; i++) {
			metadata.put("k" + i, i);
		}
		return metadata;
	}

	/**
	 * Paths of a staff action: mostly the tenant's conversation, sometimes a missing or
	 * odd id.
	 */
	static Arbitrary<String> conversationPaths(String action) {
		Arbitrary<String> odd = Arbitraries.of("conv-of-nobody", "%2F", "..", "%00", "a%0Ab", "x".repeat(128),
				"x".repeat(129), "x".repeat(300), "%E2%80%AE", "'%20or%201=1--", "%25", "fuzz-conv%00");
		return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("fuzz-conv")), Tuple.of(2, odd))
			.map(id -> "/api/agent/conversations/" + id + "/" + action);
	}

	static Arbitrary<String> takeoverBodies() {
		Arbitrary<Object> assignee = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of((Object) "Fuzz Staff")),
				Tuple.of(1, Arbitraries.of((Object) "", (Object) "   ", (Object) "a".repeat(100),
						(Object) "a".repeat(101), (Object) "nul\u0000")),
				Tuple.of(2, ReplyFuzzIntegrationTests.jsonValue(1)));
		Map<String, Arbitrary<Object>> fields = Map.of("assignee", assignee, "state",
				Arbitraries.of((Object) "closed", (Object) "ai"));
		return Arbitraries.frequencyOf(Tuple.of(2, objects(fields)),
				Tuple.of(1, oneFieldFuzzed(Map.of("assignee", "Fuzz Staff"), fields)));
	}

	static Arbitrary<String> staffMessageBodies() {
		Arbitrary<Object> text = fuzzText("t", 4000);
		Arbitrary<Object> author = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of((Object) "Fuzz Staff")),
				Tuple.of(1, Arbitraries.of((Object) "", (Object) "a".repeat(101), (Object) "nul\u0000")),
				Tuple.of(1, ReplyFuzzIntegrationTests.jsonValue(0)));
		Map<String, Arbitrary<Object>> fields = Map.of("text", text, "author", author);
		return Arbitraries.frequencyOf(Tuple.of(2, objects(fields)), Tuple.of(1,
				oneFieldFuzzed(Map.of("text", Sentinels.FUZZ_MARKER + " staff note", "author", "Fuzz Staff"), fields)));
	}

	/**
	 * Query strings of the conversation list: states, limits and cursors, valid or not.
	 */
	static Arbitrary<String> conversationListPaths() {
		Arbitrary<Optional<String>> state = Arbitraries
			.of("ai", "handoff", "human", "closed", "", "AI", "waiting", "%00", "human%20")
			.map(Optional::of)
			.injectNull(0.4)
			.map(o -> (o != null) ? o : Optional.empty());
		Arbitrary<Optional<String>> limit = Arbitraries
			.of("1", "20", "100", "0", "101", "-1", "ten", "1e2", "99999999999", "")
			.map(Optional::of)
			.injectNull(0.4)
			.map(o -> (o != null) ? o : Optional.empty());
		Arbitrary<Optional<String>> cursor = Arbitraries
			.of("MTc2NDc2NDgwMC4wOmZ1enotY29udg", "not-a-cursor", "%00", "", "MTow", "OTk5OTk5OTk5OTk5OTk5LjA6eA",
					"LTEuLTE6eA", "MS4wOgA")
			.map(Optional::of)
			.injectNull(0.5)
			.map(o -> (o != null) ? o : Optional.empty());
		return Combinators.combine(state, limit, cursor).as((s, l, c) -> {
			List<String> params = new ArrayList<>();
			s.ifPresent(value -> params.add("state=" + value));
			l.ifPresent(value -> params.add("limit=" + value));
			c.ifPresent(value -> params.add("cursor=" + value));
			return "/api/agent/conversations" + (params.isEmpty() ? "" : "?" + String.join("&", params));
		});
	}

	/** The tenant's conversations, events and exchange count, as comparable text. */
	private String conversations(UUID clientId) {
		return this.jdbc
			.sql("""
					select concat_ws(' | ',
					    (select string_agg(concat_ws(':', conversation_id, state, assignee, version), ',' order by conversation_id)
					        from conversation where client_id = :id),
					    (select count(*) from conversation_event where client_id = :id),
					    (select count(*) from agent_exchange where client_id = :id))
					""")
			.param("id", clientId)
			.query(String.class)
			.single();
	}

	/** Puts the fuzzed conversation back in a state that accepts the request. */
	private void conversationState(UUID clientId, String state) {
		this.jdbc.sql("""
				update conversation set state = :state, assignee = case when :state = 'human' then 'Fuzz Staff' end
				where client_id = :id and conversation_id = 'fuzz-conv'
				""").param("state", state).param("id", clientId).update();
	}

	private String configs(UUID clientId) {
		return rows(
				"select string_agg(concat_ws(':', id, name, version, is_active, personality, model), ',' order by id) "
						+ "from ai_agent_config where client_id = ?",
				clientId);
	}

	private String rows(String sql, UUID clientId) {
		return this.jdbc.sql("select coalesce((" + sql + "), '-')").param(clientId).query(String.class).single();
	}

	private static String abbreviate(String text) {
		String oneLine = (text != null) ? text.replaceAll("\\s+", " ") : "";
		return (oneLine.length() <= 300) ? oneLine : oneLine.substring(0, 300) + "…";
	}

}
