package io.agentruntime.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One exchange of a conversation, as audited.
 *
 * @param exchangeId the id the reply returned
 * @param message what the lead wrote; {@code null} after the lead was erased
 * @param reply what the agent answered; {@code null} after the lead was erased
 * @param quickReplies the quick replies offered
 * @param model the model that answered, {@code null} for a fallback reply
 * @param createdAt when it happened
 * @param degradedReasons e.g. {@code memory_unavailable}; empty when not degraded
 * @param author the staff member who wrote {@code reply} (then {@code message} is null),
 * {@code null} for the agent's exchanges (DESIGN §11)
 */
@Schema(name = "ConversationExchange")
@JsonInclude(JsonInclude.Include.ALWAYS)
record ConversationExchange(@Schema(example = "5d0b1f2e-8c3a-4e7d-9f61-a2b3c4d5e6f7") UUID exchangeId,
		@Schema(example = "Is the red F-150 still available?", nullable = true) String message,
		@Schema(example = "I can ask our team to check the inventory for you right away.",
				nullable = true) String reply,
		@Schema(example = "[\"Check inventory\", \"Book a test drive\"]") List<String> quickReplies,
		@Schema(example = "openai/gpt-4o-mini", nullable = true) String model, Instant createdAt,
		@Schema(example = "[]") List<String> degradedReasons, @Schema(nullable = true) String author) {

	@Override
	public String toString() {
		return "ConversationExchange[exchangeId=" + this.exchangeId + "]";
	}

}
