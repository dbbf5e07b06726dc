package io.agentruntime.admin;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * Changes to a dealership; an absent (or {@code null}) field stays as it is.
 *
 * @param name a new name, optional
 * @param active {@code false} disables the dealership: every call with its credentials
 * answers 403
 * @param requestsPerMinute replies per minute
 * @param tokensPerDay LLM tokens per UTC day
 */
@Schema(name = "ClientPatch")
record ClientPatch(@Schema(example = "Riverside Ford Lincoln", nullable = true) @Size(min = 1, max = 200) String name,
		@Schema(example = "false", nullable = true) Boolean active,
		@Schema(example = "120", nullable = true) @Min(1) @Max(1_000_000) Integer requestsPerMinute,
		@Schema(example = "500000", nullable = true) @Min(1) @Max(1_000_000_000_000L) Long tokensPerDay) {

	ClientPatch {
		name = (name != null) ? name.trim() : null;
	}

}
