package io.agentruntime.memory;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Memory recall and storage (DESIGN §5, §8).
 *
 * @param provider {@code supermemory}, {@code postgres} or {@code none}; when unset, supermemory if a
 * Supermemory key is configured, else the built-in store
 * @param leadKeySecret HMAC key for lead keys; recommended (a plain hash of an e-mail is personal data)
 * @param recallTimeout the deadline for both recall searches together
 * @param chunkThreshold minimum chunk relevance 0..1
 * @param limit documents recalled at most
 */
@Validated
@ConfigurationProperties("agent.memory")
public record MemoryProperties(Provider provider, String leadKeySecret,
		@DefaultValue("1500ms") Duration recallTimeout,
		@DefaultValue("0.6") @DecimalMin("0") @DecimalMax("1") double chunkThreshold,
		@DefaultValue("5") @Min(1) @Max(20) int limit) {

	public MemoryProperties {
		leadKeySecret = (leadKeySecret != null && !leadKeySecret.isEmpty()) ? leadKeySecret : null;
	}

	@Override
	public String toString() {
		return "MemoryProperties[provider=" + this.provider + ", leadKeySecret="
				+ ((this.leadKeySecret != null) ? "***" : null) + ", recallTimeout=" + this.recallTimeout + "]";
	}

	/** Where memory lives. */
	public enum Provider {

		/** The hosted Supermemory API. */
		SUPERMEMORY,
		/** The built-in store in the service's own PostgreSQL. */
		POSTGRES,
		/** No memory: recall nothing, store nothing. */
		NONE

	}

}
