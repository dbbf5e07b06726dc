package io.agentruntime;

import io.agentruntime.support.FakeLlm;

import org.springframework.boot.SpringApplication;

/**
 * Try it: {@code ./mvnw spring-boot:test-run}. Starts the service on embedded PostgreSQL
 * with the seeded "Demo Motors" tenant, the built-in memory store and a local
 * OpenAI-protocol simulator (unless {@code AGENT_LLM_API_KEY} is set: then the configured
 * real provider). Test sources only: nothing of this is in the production jar.
 */
public class TestAgentRuntimeApplication {

	public static void main(String[] args) {
		LocalRun.defaults(System.getenv(), new FakeLlm());
		SpringApplication.from(AgentRuntimeApplication::main).with(LocalRunConfiguration.class).run(args);
	}

}
