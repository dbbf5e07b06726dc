package io.agentruntime.memory;

import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.OkHttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Picks the memory provider (DESIGN §5): explicit {@code agent.memory.provider}, else Supermemory
 * when a key is configured, else the built-in store. Fails at startup with a one-line reason when
 * Supermemory is chosen without a key.
 */
@Configuration(proxyBeanMethods = false)
class MemoryConfiguration {

	@Bean
	MemoryClient memoryClient(MemoryProperties memory, SupermemoryProperties supermemory, ObjectMapper mapper) {
		MemoryProperties.Provider provider = (memory.provider() != null) ? memory.provider()
				: (supermemory.apiKey() != null) ? MemoryProperties.Provider.SUPERMEMORY
						: MemoryProperties.Provider.NONE;
		return switch (provider) {
			case SUPERMEMORY -> supermemoryClient(supermemory, mapper);
			case POSTGRES, NONE -> new NoMemoryClient();
		};
	}

	private static MemoryClient supermemoryClient(SupermemoryProperties properties, ObjectMapper mapper) {
		if (properties.apiKey() == null) {
			throw new IllegalStateException(
					"agent.memory.provider=supermemory needs agent.supermemory.api-key (AGENT_SUPERMEMORY_API_KEY)");
		}
		OkHttpClient http = new OkHttpClient.Builder().connectTimeout(java.time.Duration.ofSeconds(2))
			.readTimeout(properties.writeTimeout())
			.retryOnConnectionFailure(true)
			.addInterceptor(chain -> chain.proceed(
					chain.request().newBuilder().header("Authorization", "Bearer " + properties.apiKey()).build()))
			.build();
		return new SupermemoryMemoryClient(http, mapper, properties);
	}

}
