package io.agentruntime.memory;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hosted Supermemory API (contracts/supermemory.md).
 *
 * @param baseUrl e.g. {@code https://api.supermemory.ai}
 * @param apiKey bearer key ({@code sm_…})
 * @param writeTimeout the longest one write may take
 */
@ConfigurationProperties("agent.supermemory")
public record SupermemoryProperties(@DefaultValue("https://api.supermemory.ai") URI baseUrl, String apiKey,
		@DefaultValue("10s") Duration writeTimeout) {

	public SupermemoryProperties {
		apiKey = (apiKey != null && !apiKey.isBlank()) ? apiKey : null;
	}

	@Override
	public String toString() {
		return "SupermemoryProperties[baseUrl=" + this.baseUrl + ", apiKey=" + ((this.apiKey != null) ? "***" : null)
				+ "]";
	}

}
