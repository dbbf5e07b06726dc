package io.agentruntime.admin;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A new dealership. Limits are optional: without them the service defaults
 * ({@code agent.limits.*}) apply.
 *
 * @param name the dealership's name, 1..200 characters
 * @param requestsPerMinute replies per minute, optional
 * @param tokensPerDay LLM tokens per UTC day, optional
 */
@Schema(name = "ClientRequest")
record ClientForm(
		@Schema(example = "Riverside Ford", requiredMode = Schema.RequiredMode.REQUIRED,
				maxLength = 200) @NotBlank(message = "must not be blank") @Size(max = 200) String name,
		@Schema(example = "60", nullable = true) @Min(1) @Max(1_000_000) Integer requestsPerMinute,
		@Schema(example = "200000", nullable = true) @Min(1) @Max(1_000_000_000_000L) Long tokensPerDay) {

	ClientForm {
		name = (name != null) ? name.trim() : null;
	}

}
