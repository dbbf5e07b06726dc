package io.agentruntime.web;

import java.util.List;

import org.springframework.util.AntPathMatcher;

/**
 * The one table of who may call which path (DESIGN §2), read by the security
 * configuration to authorize requests and by the OpenAPI document to state each
 * operation's required scope, so the two cannot drift apart. Ant-style patterns, checked
 * in the order of {@link #RULES}; a path no rule names needs a credential of any scope.
 */
public final class ApiAccess {

	/** Open to anyone: health, metrics scrape, API docs, the demo page and errors. */
	public static final String[] PUBLIC = { "/api/agent/health", "/actuator/health", "/actuator/health/**",
			"/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/demo",
			"/demo/**", "/error" };

	/** The platform operator's API (scope {@code platform:admin}). */
	public static final String[] PLATFORM_ADMIN = { "/api/admin/**" };

	/** A dealership's administration (scope {@code agent:admin}). */
	public static final String[] TENANT_ADMIN = { "/api/agent/configs", "/api/agent/configs/**", "/api/agent/api-keys",
			"/api/agent/api-keys/**", "/api/agent/usage", "/api/agent/usage/**" };

	/**
	 * Everything else of a dealership (scope {@code agent:reply}; the reply also admits
	 * {@code agent:widget}).
	 */
	public static final String[] TENANT = { "/api/agent/**" };

	/** Each group with the scope it requires, {@code null} for public, in match order. */
	static final List<Rule> RULES = List.of(new Rule(PUBLIC, null), new Rule(PLATFORM_ADMIN, "platform:admin"),
			new Rule(TENANT_ADMIN, "agent:admin"), new Rule(TENANT, "agent:reply"));

	private static final AntPathMatcher MATCHER = new AntPathMatcher();

	private ApiAccess() {
	}

	/**
	 * The scope a path requires, as documented.
	 * @param path a path of the OpenAPI document, e.g. {@code /api/agent/configs/{id}}
	 * @return the scope, or {@code null} for a public path or one no rule names
	 */
	static String requiredScope(String path) {
		for (Rule rule : RULES) {
			for (String pattern : rule.patterns()) {
				if (MATCHER.match(pattern, path)) {
					return rule.scope();
				}
			}
		}
		return null;
	}

	/** Paths and the scope they require ({@code null}: public). */
	record Rule(String[] patterns, String scope) {
	}

}
