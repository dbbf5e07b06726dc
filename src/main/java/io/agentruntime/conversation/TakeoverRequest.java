package io.agentruntime.conversation;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/agent/conversations/{id}/takeover} (DESIGN §11).
 *
 * @param assignee the staff member taking over, 1..100 characters after trim
 */
@Schema(name = "TakeoverRequest")
record TakeoverRequest(
		@Schema(example = "dana@riverside-motors.example") @NotBlank(message = "must not be blank") @Size(
				max = 100) @Pattern(regexp = "[^\\x00]*",
						message = "must not contain NUL characters") String assignee) {

	TakeoverRequest {
		assignee = (assignee != null) ? assignee.strip() : null;
	}

}
