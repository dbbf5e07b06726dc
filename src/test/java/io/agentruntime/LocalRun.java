package io.agentruntime;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.agentruntime.support.FakeLlm;

/**
 * The try-it defaults, applied as system properties only where the environment says
 * nothing, so every property of DESIGN §8 given in the environment still wins.
 */
final class LocalRun {

	static final String DEMO_API_KEY = "ark_demo_local_only";

	/**
	 * The publishable key the demo page uses (issue 14): replies only, from the try-it
	 * server's own origin.
	 */
	static final String DEMO_WIDGET_KEY = "apk_demo_local_only";

	/** Where the server-side key of the curl line is passed to the seed. */
	static final String SERVER_KEY_PROPERTY = "local-run.api-key";

	static final String PLATFORM_KEY = "platform_demo_local_only";

	private LocalRun() {
	}

	static void defaults(Map<String, String> env, FakeLlm simulator) {
		// Try-it always runs on embedded PostgreSQL (DESIGN §9); skips the Docker probe
		// and its noise.
		set("test.db", "embedded");
		if (usesSimulator(env)) {
			simulator.start();
			set("agent.llm.provider", "generic");
			set("agent.llm.base-url", simulator.baseUrl());
			set("agent.llm.model", "local/simulator");
		}
		else {
			localModelBaseUrl(env).ifPresent(url -> set("agent.llm.base-url", url));
		}
		if (!env.containsKey("AGENT_MEMORY_PROVIDER") && !env.containsKey("AGENT_SUPERMEMORY_API_KEY")) {
			set("agent.memory.provider", "postgres");
		}
		if (!env.containsKey("AGENT_SECURITY_PLATFORM_ADMIN_KEY")) {
			set("agent.security.platform-admin-key", PLATFORM_KEY);
		}
		// A note ingested in the tour is searchable a moment later, not a second later.
		set("agent.memory.outbox.poll-interval", "200ms");
		set("agent.demo.enabled", "true");
		set(SERVER_KEY_PROPERTY, env.getOrDefault("AGENT_DEMO_API_KEY", DEMO_API_KEY));
		// The page gets the widget key, never the server-side one (issue 14).
		set("agent.demo.api-key", DEMO_WIDGET_KEY);
		set("agent.demo.dealership-name", "Demo Motors");
	}

	/**
	 * The simulator answers unless a real upstream is named: a key (OpenRouter, OpenAI),
	 * a base URL (any local server, key or not) or a local provider (Ollama, vLLM).
	 */
	static boolean usesSimulator(Map<String, String> env) {
		return !present(env, "AGENT_LLM_API_KEY") && !present(env, "AGENT_LLM_BASE_URL")
				&& localModelBaseUrl(env).isEmpty() && System.getProperty("agent.llm.base-url") == null;
	}

	/**
	 * The usual local address of a local provider named without a base URL: Ollama's
	 * {@code :11434/v1}, vLLM's {@code :8000/v1}.
	 */
	static Optional<String> localModelBaseUrl(Map<String, String> env) {
		if (present(env, "AGENT_LLM_BASE_URL")) {
			return Optional.empty();
		}
		String provider = env.getOrDefault("AGENT_LLM_PROVIDER", "").strip().toLowerCase(Locale.ROOT);
		return switch (provider) {
			case "ollama" -> Optional.of("http://localhost:11434/v1");
			case "vllm" -> Optional.of("http://localhost:8000/v1");
			default -> Optional.empty();
		};
	}

	private static boolean present(Map<String, String> env, String name) {
		String value = env.get(name);
		return value != null && !value.isBlank();
	}

	private static void set(String key, String value) {
		if (System.getProperty(key) == null) {
			System.setProperty(key, value);
		}
	}

}
