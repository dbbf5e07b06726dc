package io.agentruntime;

import java.util.Map;

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
		if (!env.containsKey("AGENT_LLM_API_KEY")) {
			simulator.start();
			set("agent.llm.provider", "generic");
			set("agent.llm.base-url", simulator.baseUrl());
			set("agent.llm.model", "local/simulator");
		}
		if (!env.containsKey("AGENT_MEMORY_PROVIDER") && !env.containsKey("AGENT_SUPERMEMORY_API_KEY")) {
			set("agent.memory.provider", "postgres");
		}
		if (!env.containsKey("AGENT_SECURITY_PLATFORM_ADMIN_KEY")) {
			set("agent.security.platform-admin-key", PLATFORM_KEY);
		}
		set("agent.demo.enabled", "true");
		set(SERVER_KEY_PROPERTY, env.getOrDefault("AGENT_DEMO_API_KEY", DEMO_API_KEY));
		// The page gets the widget key, never the server-side one (issue 14).
		set("agent.demo.api-key", DEMO_WIDGET_KEY);
		set("agent.demo.dealership-name", "Demo Motors");
	}

	private static void set(String key, String value) {
		if (System.getProperty(key) == null) {
			System.setProperty(key, value);
		}
	}

}
