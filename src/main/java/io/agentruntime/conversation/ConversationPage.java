package io.agentruntime.conversation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A page of the conversation list (DESIGN §11).
 *
 * @param items newest activity first
 * @param nextCursor pass as {@code cursor} for the next page; {@code null} on the last
 */
@Schema(name = "ConversationPage")
@JsonInclude(JsonInclude.Include.ALWAYS)
record ConversationPage(List<ConversationSummary> items, @Schema(nullable = true) String nextCursor) {
}
