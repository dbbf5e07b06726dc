package io.agentruntime.conversation;

import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A staff message as recorded: a row of the conversation's exchanges with {@code author}
 * set and {@code message} null (DESIGN §11).
 *
 * @param exchangeId its id in {@code GET /api/agent/conversations/{id}}
 * @param author the staff member
 * @param conversationState {@code human}
 */
@Schema(name = "StaffMessage")
record StaffMessage(UUID exchangeId, @Schema(example = "dana@riverside-motors.example") String author,
		@Schema(example = "human") String conversationState) {
}
