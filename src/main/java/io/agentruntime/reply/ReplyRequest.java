package io.agentruntime.reply;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A lead's chat message (DESIGN §3). Text fields are trimmed before validation, so the
 * limits hold "after trim"; blank optional fields count as absent. Unknown fields,
 * {@code clientId} among them, are ignored: the tenant comes from the credential only.
 *
 * @param message what the lead wrote, 1..4000 characters
 * @param leadId the tenant's lead id, optional
 * @param conversationId groups exchanges for history, optional
 * @param topic what recall searches for instead of the message, optional
 * @param model a model from {@code agent.llm.allowed-models}, optional
 * @param maxTokens completion token limit 1..2000, optional
 */
record ReplyRequest(
		@NotBlank(message = "must not be blank") @Size(max = 4000) @Pattern(regexp = NO_NUL,
				message = NUL_MESSAGE) String message,
		@Size(max = 64) @Pattern(regexp = NO_NUL, message = NUL_MESSAGE) String leadId,
		@Size(max = 128) @Pattern(regexp = NO_NUL, message = NUL_MESSAGE) String conversationId,
		@Size(max = 200) @Pattern(regexp = NO_NUL, message = NUL_MESSAGE) String topic, @Size(max = 200) String model,
		@Min(1) @Max(2000) Integer maxTokens) {

	/**
	 * PostgreSQL text cannot hold U+0000: such a message used to fail the audit insert
	 * with a 500 (found by the fuzz campaign, issue 9), so it is a 400 like any other
	 * invalid text.
	 */
	static final String NO_NUL = "[^\\x00]*";

	static final String NUL_MESSAGE = "must not contain NUL characters";

	ReplyRequest {
		message = (message != null) ? message.trim() : null;
		leadId = blankToNull(leadId);
		conversationId = blankToNull(conversationId);
		topic = blankToNull(topic);
		model = blankToNull(model);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	@Override
	public String toString() {
		return "ReplyRequest[leadId=" + this.leadId + ", conversationId=" + this.conversationId + "]";
	}

}
