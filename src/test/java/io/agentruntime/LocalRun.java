package io.agentruntime;

import java.util.Map;

import io.agentruntime.support.FakeLlm;

/**
 * The try-it defaults, applied as system properties only where the environment says
 * nothing, so every property of DESIGN §8 given in the environment still wins.
 */
final class LocalRun {

	static final String DEMO_API_KEY = "ark_demo_local_only";

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
		set("agent.demo.api-key", env.getOrDefault("AGENT_DEMO_API_KEY", DEMO_API_KEY));
		set("agent.demo.dealership-name", "Demo Motors");
	}

	private static void set(String key, String value) {
		if (System.getProperty(key) == null) {
			System.setProperty(key, value);
		}
	}

}
