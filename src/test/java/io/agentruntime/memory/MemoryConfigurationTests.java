package io.agentruntime.memory;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The provider choice of DESIGN §5 and the documented defaults. */
class MemoryConfigurationTests {

	@Test
	void defaultsToTheBuiltInStoreWithoutASupermemoryKeyAndToSupermemoryWithOne() {
		MemoryProperties unset = bind();
		SupermemoryProperties noKey = new SupermemoryProperties(URI.create("https://api.supermemory.ai"), null,
				Duration.ofSeconds(10));
		SupermemoryProperties key = new SupermemoryProperties(URI.create("https://api.supermemory.ai"), "sm_x",
				Duration.ofSeconds(10));

		assertThat(MemoryConfiguration.provider(unset, noKey)).isEqualTo(MemoryProperties.Provider.POSTGRES);
		assertThat(MemoryConfiguration.provider(unset, key)).isEqualTo(MemoryProperties.Provider.SUPERMEMORY);
		assertThat(unset.outbox().enabled()).isTrue();
		assertThat(unset.outbox().pollInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(unset.outbox().maxAttempts()).isEqualTo(12);
		assertThat(unset.outbox().lease()).isEqualTo(Duration.ofMinutes(2));
	}

	private static MemoryProperties bind() {
		return new Binder(new MapConfigurationPropertySource(java.util.Map.of("agent.memory.limit", "5")))
			.bind("agent.memory", MemoryProperties.class)
			.get();
	}

}
