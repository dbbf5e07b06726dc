package io.agentruntime.ops;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import io.agentruntime.audit.AuditProperties;
import io.agentruntime.limits.LimitsProperties;
import io.agentruntime.llm.LlmProperties;
import io.agentruntime.memory.MemoryProperties;
import io.agentruntime.memory.SupermemoryProperties;
import io.agentruntime.reply.ReplyProperties;
import io.agentruntime.tenant.SecurityProperties;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Fail-fast configuration validation (DESIGN §8). Runs before any bean is created (so
 * before the database, Flyway or a web server start), binds every {@code agent.*} group
 * once and checks the combinations a single property class cannot see; the first problem
 * stops startup with an {@link InvalidConfigurationException} whose one-line message
 * {@link InvalidConfigurationFailureAnalyzer} prints.
 */
@Component
class ConfigurationCheck implements BeanFactoryPostProcessor, EnvironmentAware {

	/** Each property group and the record that validates it in its constructor. */
	private static final List<Group> GROUPS = List.of(new Group("agent.security", SecurityProperties.class),
			new Group("agent.llm", LlmProperties.class), new Group("agent.memory", MemoryProperties.class),
			new Group("agent.supermemory", SupermemoryProperties.class),
			new Group("agent.reply", ReplyProperties.class), new Group("agent.limits", LimitsProperties.class),
			new Group("agent.audit", AuditProperties.class));

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		check(this.environment);
	}

	/**
	 * Validates the configuration.
	 * @param environment the application's environment
	 * @throws InvalidConfigurationException naming the first invalid property or
	 * combination
	 */
	static void check(Environment environment) {
		Binder binder = Binder.get(environment);
		for (Group group : GROUPS) {
			try {
				binder.bindOrCreate(group.prefix(), group.type());
			}
			catch (BindException ex) {
				throw new InvalidConfigurationException(reason(ex));
			}
		}
		LlmProperties llm = binder.bindOrCreate("agent.llm", LlmProperties.class);
		checkHttpUrl("agent.llm.base-url", llm.baseUrl());
		if (!StringUtils.hasText(llm.model())) {
			throw new InvalidConfigurationException("agent.llm.model must not be blank (AGENT_LLM_MODEL)");
		}
		MemoryProperties memory = binder.bindOrCreate("agent.memory", MemoryProperties.class);
		SupermemoryProperties supermemory = binder.bindOrCreate("agent.supermemory", SupermemoryProperties.class);
		if (memory.provider() == MemoryProperties.Provider.SUPERMEMORY && supermemory.apiKey() == null) {
			throw new InvalidConfigurationException(
					"agent.memory.provider=supermemory needs agent.supermemory.api-key (AGENT_SUPERMEMORY_API_KEY)");
		}
		if (memory.provider() == MemoryProperties.Provider.SUPERMEMORY || supermemory.apiKey() != null) {
			checkHttpUrl("agent.supermemory.base-url", supermemory.baseUrl());
		}
		if (memory.recallTimeout().isNegative() || memory.recallTimeout().isZero()) {
			throw new InvalidConfigurationException("agent.memory.recall-timeout must be positive");
		}
		SecurityProperties security = binder.bindOrCreate("agent.security", SecurityProperties.class);
		if (security.jwt().jwkSetUri() != null) {
			checkHttpUrl("agent.security.jwt.jwk-set-uri", URI.create(security.jwt().jwkSetUri()));
		}
	}

	private static void checkHttpUrl(String property, URI url) {
		String scheme = (url != null && url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!(scheme.equals("http") || scheme.equals("https")) || !StringUtils.hasText(url.getHost())) {
			throw new InvalidConfigurationException(property + " must be an absolute http(s) URL with a host");
		}
	}

	/**
	 * The first sentence worth reading: our own check's message, or which property failed
	 * to convert.
	 */
	private static String reason(BindException ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
			if (cause instanceof IllegalArgumentException && cause.getMessage() != null
					&& cause.getMessage().contains("agent.")) {
				return firstLine(cause.getMessage());
			}
			if (cause instanceof IllegalArgumentException && cause.getMessage() != null
					&& cause.getMessage().startsWith("set only one")) {
				return firstLine(cause.getMessage());
			}
		}
		String property = (ex.getProperty() != null) ? ex.getProperty().getName().toString() : ex.getName().toString();
		return property + " has an invalid value";
	}

	private static String firstLine(String message) {
		int newline = message.indexOf('\n');
		return (newline >= 0) ? message.substring(0, newline) : message;
	}

	private record Group(String prefix, Class<?> type) {
	}

}
