package io.agentruntime.conversation;

import java.util.List;

import io.agentruntime.tenant.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/agent/conversations/{conversationId}} (scope {@code agent:reply}). */
@RestController
@Tag(name = "Conversations", description = "The exchanges of a conversation, as audited.")
class ConversationController {

	private final ConversationService conversations;

	ConversationController(ConversationService conversations) {
		this.conversations = conversations;
	}

	@GetMapping(path = "/api/agent/conversations/{conversationId}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getConversation", summary = "A conversation's exchanges",
			description = "This dealership's exchanges with this " + "conversationId, oldest first (at most "
					+ ConversationService.MAX_EXCHANGES + ").")
	@ApiResponse(responseCode = "200", description = "The exchanges, oldest first")
	@ApiResponse(responseCode = "404", description = "No exchange of this dealership has this conversationId")
	List<ConversationExchange> get(@AuthenticationPrincipal TenantPrincipal principal,
			@Parameter(description = "The conversationId sent with the replies",
					example = "conv-9") @PathVariable String conversationId) {
		return this.conversations.exchanges(principal.requireClientId(), conversationId);
	}

}
