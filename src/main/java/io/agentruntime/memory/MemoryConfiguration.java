package io.agentruntime.memory;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.web.ShardedCalls;
import okhttp3.OkHttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Picks the memory provider (DESIGN §5): explicit {@code agent.memory.provider}, else
 * Supermemory when a key is configured, else the built-in store. Fails at startup with a
 * one-line reason when Supermemory is chosen without a key.
 */
@Configuration(proxyBeanMethods = false)
class MemoryConfiguration {

	/**
	 * Idle keep-alive connections kept for the memory API: about its calls in flight at a
	 * few hundred replies/s.
	 */
	private static final int IDLE_CONNECTIONS = 256;

	@Bean
	MemoryClient memoryClient(MemoryProperties memory, SupermemoryProperties supermemory, ObjectMapper mapper,
			JdbcClient jdbc) {
		return switch (provider(memory, supermemory)) {
			case SUPERMEMORY -> supermemoryClient(supermemory, mapper);
			case POSTGRES -> new PostgresMemoryStore(jdbc, mapper);
			case NONE -> new NoMemoryClient();
		};
	}

	/**
	 * The configured provider, or the default: Supermemory when it has a key, else the
	 * built-in store.
	 */
	static MemoryProperties.Provider provider(MemoryProperties memory, SupermemoryProperties supermemory) {
		if (memory.provider() != null) {
			return memory.provider();
		}
		return (supermemory.apiKey() != null) ? MemoryProperties.Provider.SUPERMEMORY
				: MemoryProperties.Provider.POSTGRES;
	}

	private static MemoryClient supermemoryClient(SupermemoryProperties properties, ObjectMapper mapper) {
		if (properties.apiKey() == null) {
			throw new IllegalStateException(
					"agent.memory.provider=supermemory needs agent.supermemory.api-key (AGENT_SUPERMEMORY_API_KEY)");
		}
		return new SupermemoryMemoryClient(supermemoryHttp(properties), mapper, properties);
	}

	/**
	 * The Supermemory API's OkHttp client. Every call has its own deadline (the recall
	 * deadline, {@code agent.supermemory.write-timeout}; web/CallDeadlines), which bounds
	 * it from connect to the last body byte; no read, write or call timeout, as each
	 * costs okio an AsyncTimeout in its one shared queue (issue 15 profiles).
	 */
	static ShardedCalls supermemoryHttp(SupermemoryProperties properties) {
		// No retries here: recall has its own deadline and the outbox owns write retries.
		OkHttpClient.Builder http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(2))
			.readTimeout(Duration.ZERO)
			.writeTimeout(Duration.ZERO)
			.retryOnConnectionFailure(true)
			.addInterceptor(chain -> chain.proceed(
					chain.request().newBuilder().header("Authorization", "Bearer " + properties.apiKey()).build()));
		// OkHttp keeps 5 idle connections by default: under load most searches would open
		// a new TCP connection (issue 8 benchmark, docs/notes/8.md). Spread over several
		// pools (ShardedCalls).
		return ShardedCalls.of(http, IDLE_CONNECTIONS, Duration.ofMinutes(5), 64);
	}

}
