package io.agentruntime.reply;

import java.util.UUID;

/**
 * The 202 answer to a lead's message while staff have the conversation (DESIGN §11): the
 * message is recorded, a person answers it.
 *
 * @param exchangeId the audit row of the lead's message
 * @param conversationState {@code human}
 */
record HeldReply(UUID exchangeId, String conversationState) {
}
