package io.agentruntime.support;

import java.util.LinkedHashMap;
import java.util.Map;

import io.agentruntime.AgentRuntimeApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One more instance of the application, started programmatically on a random port beside
 * the shared test context: the way the platform runs several instances behind a load
 * balancer. It talks to the same upstream fakes as {@link IntegrationTest} and to the
 * database it is given.
 */
public final class AppInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private AppInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** An instance on the shared test database. */
	public static AppInstance onTestDatabase(Map<String, Object> extra) {
		TestDatabase database = TestDatabase.get();
		return start(database.jdbcUrl(), database.username(), database.password(), extra);
	}

	/** An instance on any PostgreSQL. */
	public static AppInstance start(String jdbcUrl, String username, String password, Map<String, Object> extra) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", "0");
		properties.put("spring.datasource.url", jdbcUrl);
		properties.put("spring.datasource.username", username);
		properties.put("spring.datasource.password", password);
		properties.put("agent.llm.provider", "openrouter");
		properties.put("agent.llm.base-url", IntegrationTest.LLM.baseUrl());
		properties.put("agent.llm.api-key", "sk-or-test");
		properties.put("agent.llm.allowed-models", "openai/gpt-4o-mini,anthropic/claude-haiku-4.5");
		properties.put("agent.llm.attempt-timeout", "2s");
		properties.put("agent.memory.provider", "supermemory");
		properties.put("agent.memory.recall-timeout", "500ms");
		properties.put("agent.supermemory.base-url", IntegrationTest.MEMORY.baseUrl());
		properties.put("agent.supermemory.api-key", FakeSupermemory.API_KEY);
		properties.put("agent.security.jwt.secret", IntegrationTest.JWT_SECRET);
		properties.put("agent.security.platform-admin-key", IntegrationTest.PLATFORM_KEY);
		properties.put("agent.reply.deadline", "3s");
		properties.put("spring.main.banner-mode", "off");
		// The shared context's worker delivers the shared database's outbox; a second
		// would race it.
		properties.put("agent.memory.outbox.enabled", "false");
		properties.putAll(extra);
		// Command-line arguments, not default properties: those would lose against
		// application.yml.
		String[] args = properties.entrySet()
			.stream()
			.map(e -> "--" + e.getKey() + "=" + e.getValue())
			.toArray(String[]::new);
		return new AppInstance(new SpringApplicationBuilder(AgentRuntimeApplication.class).run(args));
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public Api api() {
		return new Api(port());
	}

	/** One of this instance's beans, e.g. to make it synchronise a shared counter now. */
	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
