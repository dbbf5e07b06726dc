package io.agentruntime.proof;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

import io.agentruntime.support.Api;
import io.agentruntime.support.IntegrationTest;
import io.agentruntime.support.Sentinels;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based fuzzing of {@code POST /api/agent/reply} (issue 9): arbitrary JSON
 * values and shapes for every field, malformed JSON, random content types, methods,
 * paths, credentials and {@code X-Request-Id} values. For every request: never a 5xx; a
 * 4xx is {@code application/problem+json} with a matching {@code status} and leaves the
 * tenant's audit rows unchanged; a 200 adds exactly one; {@code X-Request-Id} is always
 * there and sane.
 *
 * <p>
 * jqwik's generators are driven from this Jupiter test with a seeded {@link Random}, so
 * the campaign shares the one Spring context and runs before
 * {@code InvariantsIntegrationTests}. Reproduce with
 * {@code -Dfuzz.seed=<seed printed on failure> -Dfuzz.tries=<n>}. To fuzz another
 * endpoint, add a {@link Target} (see docs/notes/9.md).
 */
class ReplyFuzzIntegrationTests extends IntegrationTest {

	static final long DEFAULT_SEED = 20261124L;

	static final int DEFAULT_TRIES = 400;

	private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	private static final int GEN_SIZE = 1000;

	@Test
	void neverAnswers5xxAlwaysProblemJsonAndChangesNothingOn4xx() {
		long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
		int tries = Integer.getInteger("fuzz.tries", DEFAULT_TRIES);
		System.out.println("ReplyFuzzIntegrationTests: seed " + seed + ", tries " + tries
				+ " (reproduce with -Dfuzz.seed=" + seed + ")");
		Tenant tenant = newTenant("Fuzz Motors");
		// Hundreds of requests in seconds: the per-tenant request limit (60 a minute)
		// would turn most into 429s.
		this.jdbc.sql("update clients set requests_per_minute = 0 where id = ?").param(tenant.clientId()).update();
		lead(tenant.clientId(), "fuzz-lead", "fuzz.lead@example.com");
		Target reply = new Target("POST", Api.REPLY_PATH, requestBodies());
		Arbitrary<Sample> samples = samples(reply, tenant);
		Random random = new Random(seed);
		List<String> failures = new ArrayList<>();
		int sent = 0;
		int ok = 0;
		// Generators need a jqwik context; a session gives one to this Jupiter test.
		List<Sample> generated = new ArrayList<>();
		JqwikSession.start();
		try {
			RandomGenerator<Sample> generator = samples.generatorWithEmbeddedEdgeCases(GEN_SIZE);
			for (int i = 0; i < tries; i++) {
				generated.add(generator.next(random).value());
			}
		}
		finally {
			JqwikSession.finish();
		}

		for (int i = 0; i < generated.size() && failures.size() < 10; i++) {
			Sample sample = generated.get(i);
			long before = auditRows(tenant.clientId());
			Api.Response response;
			try {
				response = this.api.raw(sample.method(), sample.path(), sample.headers(), sample.body());
			}
			catch (IllegalArgumentException ex) {
				// The JDK client refuses some header values (CR, LF, NUL); a server never
				// sees those.
				continue;
			}
			sent++;
			long after = auditRows(tenant.clientId());
			String problem = check(sample, response, after - before);
			if (problem != null) {
				failures.add("#" + i + " " + problem + "\n    request: " + sample.describe() + "\n    response: "
						+ response.status() + " " + response.contentType() + " " + abbreviate(response.body()));
			}
			if (response.status() == 200) {
				ok++;
			}
		}

		System.out.println("ReplyFuzzIntegrationTests: " + sent + " sent, " + ok + " answered 200");
		assertThat(failures).as("fuzz failures with seed %d", seed).isEmpty();
		assertThat(sent).as("requests the JDK client could send").isGreaterThan(tries / 2);
		assertThat(ok).as("the campaign also reaches the happy path").isPositive();
	}

	/** Null when the response honours the contract, else what is wrong. */
	private static String check(Sample sample, Api.Response response, long newRows) {
		int status = response.status();
		String requestId = response.header("X-Request-Id");
		if (status >= 500) {
			return "5xx";
		}
		if (requestId == null || !SANE_REQUEST_ID.matcher(requestId).matches()) {
			return "X-Request-Id missing or not sane: " + requestId;
		}
		String offered = sample.headers().get("X-Request-Id");
		if (offered != null && SANE_REQUEST_ID.matcher(offered).matches() && !offered.equals(requestId)) {
			return "a sane X-Request-Id was not echoed";
		}
		if (status >= 400) {
			String problem = ProblemShape.violation(response, status);
			if (problem != null) {
				return problem;
			}
			if (newRows != 0) {
				return "a 4xx changed the database (" + newRows + " new audit rows)";
			}
			return null;
		}
		// A query string is no reason to refuse a reply: the path alone decides.
		boolean replyCall = "POST".equals(sample.method()) && Api.REPLY_PATH.equals(sample.path().split("\\?", 2)[0]);
		if (replyCall && status == 200 && newRows != 1) {
			return "a 200 made " + newRows + " audit rows instead of 1";
		}
		if (!replyCall && newRows != 0) {
			return "a " + sample.method() + " " + sample.path() + " changed the database";
		}
		if (status != 200) {
			return "unexpected status " + status;
		}
		return null;
	}

	/**
	 * Requests: mostly well-formed calls of the target, with some wrong methods, paths
	 * and headers.
	 */
	static Arbitrary<Sample> samples(Target target, Tenant tenant) {
		Arbitrary<String> method = Arbitraries.frequency(Tuple.of(24, target.method()), Tuple.of(1, "GET"),
				Tuple.of(1, "PUT"), Tuple.of(1, "PATCH"), Tuple.of(1, "DELETE"), Tuple.of(1, "OPTIONS"));
		Arbitrary<String> path = Arbitraries.frequency(weighted(20, target.path()), weighted(1, target.path() + "/"),
				weighted(1, target.path() + "?x=%00&y=1"), weighted(1, target.path() + "/..;/x"),
				weighted(1, target.path() + ";jsessionid=1"), weighted(1, target.path().replace("/agent/", "/agent//")),
				weighted(1, target.path() + "/%2e%2e/%2e"), weighted(1, target.path() + "/" + UUID.randomUUID()));
		return Combinators
			.combine(method, path, authorizations(tenant), contentTypes(), accepts(), requestIds(), target.bodies())
			.as((m, p, authorization, contentType, accept, requestId, body) -> {
				Map<String, String> headers = new LinkedHashMap<>();
				authorization.ifPresent(value -> headers.put("Authorization", value));
				contentType.ifPresent(value -> headers.put("Content-Type", value));
				accept.ifPresent(value -> headers.put("Accept", value));
				requestId.ifPresent(value -> headers.put("X-Request-Id", value));
				return new Sample(m, p, headers, body);
			});
	}

	private static <T> Tuple.Tuple2<Integer, T> weighted(int weight, T value) {
		return Tuple.of(weight, value);
	}

	static Arbitrary<Optional<String>> authorizations(Tenant tenant) {
		String valid = "Bearer " + tenant.replyKey();
		return Arbitraries
			.frequencyOf(Tuple.of(12, Arbitraries.just(valid)), Tuple.of(1,
					Arbitraries
						.just("Bearer " + jwt(tenant.clientId(), "agent:reply", Instant.now().minusSeconds(600)))),
					Tuple.of(1,
							Arbitraries.just("Bearer " + jwt("another-secret-of-at-least-32-bytes!!", tenant.clientId(),
									"agent:reply", Instant.now().plusSeconds(600)))),
					Tuple.of(1,
							Arbitraries.just(
									"Bearer " + jwt(tenant.clientId(), "agent:admin", Instant.now().plusSeconds(600)))),
					Tuple.of(1, Arbitraries.strings().ofMaxLength(80).map(s -> "Bearer " + s)),
					Tuple.of(1, Arbitraries.strings().alpha().ofMaxLength(40).map(s -> "Bearer ark_" + s)),
					Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(60)),
					Tuple.of(1,
							Arbitraries.of("Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "bearer " + tenant.replyKey(),
									valid + " " + valid, "Bearer eyJhbGciOiJub25lIn0.eyJjbGllbnRfaWQiOiJ4In0.")))
			.map(Optional::of)
			.injectNull(0.05)
			.map(o -> (o != null) ? o : Optional.empty());
	}

	static Arbitrary<Optional<String>> contentTypes() {
		return Arbitraries
			.frequencyOf(
					Tuple.of(12,
							Arbitraries.of("application/json", "application/json; charset=utf-8",
									"application/json;charset=UTF-8")),
					Tuple.of(3,
							Arbitraries.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
									"multipart/form-data; boundary=x", "application/problem+json", "*/*",
									"application/json; charset=latin1", "application/json; charset=nonsense",
									"application/", "json", "")),
					Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(40)))
			.map(Optional::of)
			.injectNull(0.05)
			.map(o -> (o != null) ? o : Optional.empty());
	}

	static Arbitrary<Optional<String>> accepts() {
		return Arbitraries
			.of("application/json", "application/problem+json", "*/*", "text/html", "application/xml",
					"text/plain;q=0.1", "nonsense")
			.map(Optional::of)
			.injectNull(0.6)
			.map(o -> (o != null) ? o : Optional.empty());
	}

	static Arbitrary<Optional<String>> requestIds() {
		return Arbitraries
			.frequencyOf(Tuple.of(3, Arbitraries.strings().withChars("abcXYZ019._:-").ofMinLength(1).ofMaxLength(64)),
					Tuple.of(1, Arbitraries.strings().withChars("abc019").ofLength(65)),
					Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(80)),
					Tuple.of(1, Arbitraries.strings().all().ofMaxLength(20)),
					Tuple.of(1, Arbitraries.of("", " ", "<script>", "../../etc", "a b", "id\u00e9")))
			.map(Optional::of)
			.injectNull(0.3)
			.map(o -> (o != null) ? o : Optional.empty());
	}

	/**
	 * Bodies of the reply endpoint: shaped objects, any JSON value, or text that is not
	 * JSON at all.
	 */
	static Arbitrary<String> requestBodies() {
		Arbitrary<String> shaped = Arbitraries
			.maps(Arbitraries.of("message", "leadId", "conversationId", "topic", "model", "maxTokens", "clientId",
					"unknownField"), anyValueOrPlausible())
			.ofMaxSize(7)
			.map(IntegrationTest::json);
		// A valid message with fuzzed neighbours, so that the happy path is fuzzed too.
		Arbitrary<String> validMessage = Combinators
			.combine(Arbitraries.strings().all().ofMinLength(1).ofMaxLength(300).filter(m -> !m.isBlank()),
					Arbitraries
						.maps(Arbitraries.of("leadId", "conversationId", "topic", "model", "maxTokens", "clientId"),
								anyValueOrPlausible())
						.ofMaxSize(3))
			.as((message, others) -> {
				Map<String, Object> body = new LinkedHashMap<>(others);
				body.put("message", Sentinels.FUZZ_MARKER + " " + message);
				return IntegrationTest.json(body);
			});
		Arbitrary<String> valueOnly = jsonValue(3).map(IntegrationTest::json);
		Arbitrary<String> malformed = Arbitraries.oneOf(
				shaped.flatMap(text -> Arbitraries.integers()
					.between(0, Math.max(0, text.length() - 1))
					.map(cut -> text.substring(0, cut))),
				shaped.map(text -> text + "}"), shaped.map(text -> text + ",{}"),
				Arbitraries.strings().all().ofMaxLength(200),
				Arbitraries.of("", "{", "[", "{\"message\":\"hi\",}", "{\"message\":'hi'}",
						"{\"message\":\"hi\"\"topic\":1}", "{\"message\":\"\\ud800\"}",
						"{\"message\":\"hi\",\"message\":\"twice\"}", "\ufeff{\"message\":\"bom\"}",
						"[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
						"{\"maxTokens\":1e999,\"message\":\"x\"}",
						"{\"maxTokens\":99999999999999999999,\"message\":\"x\"}", "null", "true", "\"just a string\"",
						"{\"message\":\"" + "x".repeat(70 * 1024) + "\"}"));
		return Arbitraries.frequencyOf(Tuple.of(4, validMessage), Tuple.of(5, shaped), Tuple.of(1, valueOnly),
				Tuple.of(2, malformed));
	}

	/**
	 * A plausible valid value (so that many samples get past validation) or any JSON
	 * value.
	 */
	static Arbitrary<Object> anyValueOrPlausible() {
		Arbitrary<Object> plausible = Arbitraries
			.of("Is the blue Civic still here? " + Sentinels.FUZZ_MARKER, "fuzz-lead", "conv-fuzz", "inventory",
					"openai/gpt-4o-mini", "500", "lead-of-nobody")
			.map(value -> (Object) value);
		Arbitrary<Object> number = Arbitraries.integers().between(-5, 2005).map(value -> (Object) value);
		return Arbitraries.frequencyOf(Tuple.of(4, plausible), Tuple.of(2, number), Tuple.of(3, jsonValue(2)));
	}

	/**
	 * Any JSON value up to a nesting depth: strings of every kind, numbers, booleans,
	 * null, arrays, objects.
	 */
	static Arbitrary<Object> jsonValue(int depth) {
		Arbitrary<Object> strings = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40),
				Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(10),
				Arbitraries.strings().withCharRange('\u0590', '\u08ff').ofMaxLength(20),
				Arbitraries.of("", "   ", "\u200b", "\ud83d\ude97 car emoji", "x".repeat(4001), "y".repeat(20000),
						"<script>alert(1)</script>", "'; drop table agent_exchange; --", "${jndi:ldap://x}", "\u0000",
						Sentinels.FUZZ_MARKER + " \u202e reversed"))
			.map(value -> (Object) value);
		Arbitrary<Object> numbers = Arbitraries.oneOf(Arbitraries.integers().map(value -> (Object) value),
				Arbitraries.longs().map(value -> (Object) value), Arbitraries.doubles().map(value -> (Object) value),
				Arbitraries
					.of(new BigDecimal("1e400"), new BigDecimal("-0.0000000001"), Long.MAX_VALUE, -1, 0, 1, 2000, 2001)
					.map(value -> (Object) value));
		Arbitrary<Object> leaves = Arbitraries.frequencyOf(Tuple.of(4, strings), Tuple.of(3, numbers),
				Tuple.of(1, Arbitraries.of(true, false).map(b -> (Object) b)),
				Tuple.of(1, Arbitraries.just((Object) null)));
		if (depth <= 0) {
			return leaves;
		}
		Arbitrary<Object> arrays = jsonValue(depth - 1).list().ofMaxSize(4).map(list -> (Object) list);
		Arbitrary<Object> objects = Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(8), jsonValue(depth - 1))
			.ofMaxSize(4)
			.map(map -> (Object) map);
		return Arbitraries.frequencyOf(Tuple.of(6, leaves), Tuple.of(1, arrays), Tuple.of(1, objects));
	}

	private long auditRows(UUID clientId) {
		return this.jdbc.sql("select count(*) from agent_exchange where client_id = ?")
			.param(clientId)
			.query(Long.class)
			.single();
	}

	private static String abbreviate(String text) {
		String oneLine = (text != null) ? text.replaceAll("\\s+", " ") : "";
		return (oneLine.length() <= 300) ? oneLine : oneLine.substring(0, 300) + "…";
	}

	/**
	 * An endpoint under fuzz: its method, its path (path variables already filled in) and
	 * its bodies.
	 *
	 * @param method the HTTP method
	 * @param path the path
	 * @param bodies the body texts to try
	 */
	record Target(String method, String path, Arbitrary<String> bodies) {
	}

	/**
	 * One generated request.
	 *
	 * @param method the method
	 * @param path the path
	 * @param headers the headers, exactly as sent
	 * @param body the body text
	 */
	record Sample(String method, String path, Map<String, String> headers, String body) {

		String describe() {
			Map<String, String> shown = new LinkedHashMap<>(this.headers);
			shown.computeIfPresent("Authorization", (k, v) -> v.substring(0, Math.min(v.length(), 16)) + "…");
			return this.method + " " + this.path + " " + shown + " " + abbreviate(this.body);
		}

	}

}
