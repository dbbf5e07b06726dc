package io.agentruntime.memory;

import java.time.Duration;

import jakarta.validation.Valid;
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
 * @param provider {@code supermemory}, {@code postgres} or {@code none}; when unset,
 * supermemory if a Supermemory key is configured, else the built-in store
 * @param leadKeySecret HMAC key for lead keys; recommended (a plain hash of an e-mail is
 * personal data)
 * @param recallTimeout the deadline for both recall searches together
 * @param chunkThreshold minimum chunk relevance 0..1
 * @param limit documents recalled at most
 * @param outbox the durable write queue
 */
@Validated
@ConfigurationProperties("agent.memory")
public record MemoryProperties(Provider provider, String leadKeySecret, @DefaultValue("1500ms") Duration recallTimeout,
		@DefaultValue("0.6") @DecimalMin("0") @DecimalMax("1") double chunkThreshold,
		@DefaultValue("5") @Min(1) @Max(20) int limit, @DefaultValue @Valid Outbox outbox) {

	public MemoryProperties {
		if (recallTimeout.isNegative() || recallTimeout.isZero()) {
			throw new IllegalArgumentException("agent.memory.recall-timeout must be positive");
		}
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

	/**
	 * The memory outbox worker ({@code agent.memory.outbox.*}).
	 *
	 * @param enabled whether this instance delivers rows (writes are queued either way)
	 * @param pollInterval pause between two polls
	 * @param batchSize rows claimed at a time and delivered in parallel (so also the
	 * delivery concurrency); full batches are claimed back to back
	 * @param maxAttempts deliveries tried before a row is parked as dead
	 * @param initialBackoff wait after the first failure; doubles per attempt, with
	 * jitter
	 * @param maxBackoff longest wait between two attempts
	 * @param lease how long a claimed row stays invisible to other workers; must exceed
	 * one delivery
	 */
	public record Outbox(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration pollInterval,
			@DefaultValue("20") @Min(1) @Max(500) int batchSize, @DefaultValue("12") @Min(1) int maxAttempts,
			@DefaultValue("2s") Duration initialBackoff, @DefaultValue("10m") Duration maxBackoff,
			@DefaultValue("2m") Duration lease) {
	}

}
