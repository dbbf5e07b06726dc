package io.agentruntime.conversation;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/agent/conversations/{id}/messages}: a staff member's message to the
 * lead (DESIGN §11).
 *
 * @param text 1..4000 characters after trim
 * @param author the staff member, at most 100 characters; the assignee when absent
 */
@Schema(name = "StaffMessageRequest")
record StaffMessageRequest(
		@Schema(example = "Hi, this is Dana from sales. The blue RAV4 is here; does Saturday 10am work?") @NotBlank(
				message = "must not be blank") @Size(max = 4000) @Pattern(regexp = "[^\\x00]*",
						message = "must not contain NUL characters") String text,
		@Schema(example = "dana@riverside-motors.example", nullable = true) @Size(max = 100) @Pattern(
				regexp = "[^\\x00]*", message = "must not contain NUL characters") String author) {

	StaffMessageRequest {
		text = (text != null) ? text.strip() : null;
		author = (author == null || author.isBlank()) ? null : author.strip();
	}

	@Override
	public String toString() {
		return "StaffMessageRequest[length=" + ((this.text != null) ? this.text.length() : 0) + "]";
	}

}
