package io.agentruntime.ops;

import java.net.URI;
import java.util.Locale;

import io.agentruntime.memory.MemoryProperties;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Fail-fast checks of the combinations no single property record can see (DESIGN §8):
 * Supermemory as the memory provider needs its key and a usable URL. Runs before any bean
 * is created (so before the database, Flyway or a web server start) and reads only the
 * properties those rules name. Each group's own rules live in its validated
 * {@code @ConfigurationProperties} record, which refuses a bad value with a one-line
 * reason when it is bound; {@link InvalidConfigurationFailureAnalyzer} prints either.
 */
@Component
class ConfigurationCheck implements BeanFactoryPostProcessor, EnvironmentAware {

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
	 * Validates the combinations across property groups.
	 * @param environment the application's environment
	 * @throws InvalidConfigurationException naming the first invalid combination
	 */
	static void check(Environment environment) {
		Binder binder = Binder.get(environment);
		try {
			MemoryProperties.Provider provider = binder.bind("agent.memory.provider", MemoryProperties.Provider.class)
				.orElse(null);
			boolean keyed = binder.bind("agent.supermemory.api-key", String.class)
				.map(key -> !key.isBlank())
				.orElse(false);
			if (provider == MemoryProperties.Provider.SUPERMEMORY && !keyed) {
				throw new InvalidConfigurationException(
						"agent.memory.provider=supermemory needs agent.supermemory.api-key (AGENT_SUPERMEMORY_API_KEY)");
			}
			// A key alone selects Supermemory (MemoryConfiguration), so its URL must
			// work.
			if (provider == MemoryProperties.Provider.SUPERMEMORY || keyed) {
				URI baseUrl = binder.bind("agent.supermemory.base-url", URI.class).orElse(null);
				if (baseUrl != null && !absoluteHttp(baseUrl)) {
					throw new InvalidConfigurationException(
							"agent.supermemory.base-url must be an absolute http(s) URL with a host");
				}
			}
		}
		catch (BindException ex) {
			throw new InvalidConfigurationException(InvalidConfigurationFailureAnalyzer.reason(ex));
		}
	}

	private static boolean absoluteHttp(URI url) {
		String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
		return (scheme.equals("http") || scheme.equals("https")) && StringUtils.hasText(url.getHost());
	}

}
