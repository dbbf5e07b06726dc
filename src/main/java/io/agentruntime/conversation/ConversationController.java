package io.agentruntime.conversation;

import java.util.List;

import io.agentruntime.tenant.TenantPrincipal;
import io.agentruntime.web.RequestIdFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/agent/conversations} (scope {@code agent:reply}): a conversation's
 * exchanges, and what staff do with conversations (DESIGN §11).
 */
@RestController
@Tag(name = "Conversations",
		description = "Conversations, their exchanges, and staff hand-off: take over, release, close, write.")
class ConversationController {

	private final ConversationService conversations;

	private final StaffActions staff;

	ConversationController(ConversationService conversations, StaffActions staff) {
		this.conversations = conversations;
		this.staff = staff;
	}

	@GetMapping(path = "/api/agent/conversations/{conversationId}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getConversation", summary = "A conversation's exchanges",
			description = "This dealership's exchanges with this " + "conversationId, oldest first (at most "
					+ ConversationService.MAX_EXCHANGES + "). Staff messages have `author` set and `message` null.")
	@ApiResponse(responseCode = "200", description = "The exchanges, oldest first")
	@ApiResponse(responseCode = "404", description = "No exchange of this dealership has this conversationId")
	List<ConversationExchange> get(@AuthenticationPrincipal TenantPrincipal principal,
			@Parameter(description = "The conversationId sent with the replies",
					example = "conv-9") @PathVariable String conversationId) {
		return this.conversations.exchanges(principal.requireClientId(), conversationId);
	}

	@GetMapping(path = "/api/agent/conversations", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "listConversations", summary = "This dealership's conversations",
			description = "Newest activity first, optionally in one state; follow `nextCursor` for the next page.")
	@ApiResponse(responseCode = "200", description = "A page of conversations")
	@ApiResponse(responseCode = "400", description = "An unknown state, a limit outside 1..100 or a foreign cursor")
	ConversationPage list(@AuthenticationPrincipal TenantPrincipal principal,
			@Parameter(description = "Only conversations in this state",
					schema = @Schema(allowableValues = { "ai", "handoff", "human", "closed" })) @RequestParam(
							required = false) String state,
			@Parameter(description = "Items per page, 1.." + StaffActions.MAX_LIMIT + " (default "
					+ StaffActions.DEFAULT_LIMIT + ")") @RequestParam(required = false) Integer limit,
			@Parameter(description = "The `nextCursor` of the previous page") @RequestParam(
					required = false) String cursor) {
		return this.staff.list(principal.requireClientId(), state, limit, cursor);
	}

	@PostMapping(path = "/api/agent/conversations/{conversationId}/takeover",
			consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "takeOverConversation", summary = "A staff member takes the conversation over",
			description = "From now on the agent does not answer: the lead's messages are recorded and answered 202 "
					+ "until the conversation is released or closed. Taking over one's own conversation again "
					+ "changes nothing.")
	@ApiResponse(responseCode = "200", description = "Taken over")
	@ApiResponse(responseCode = "404", description = "No conversation of this dealership has this id")
	@ApiResponse(responseCode = "409",
			description = "Closed, taken over by another staff member, or changed by someone else at the same time")
	ConversationSummary takeover(@AuthenticationPrincipal TenantPrincipal principal,
			@PathVariable String conversationId, @Valid @RequestBody TakeoverRequest request) {
		return this.staff.takeover(principal.requireClientId(), conversationId, request.assignee());
	}

	@PostMapping(path = "/api/agent/conversations/{conversationId}/release",
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "releaseConversation", summary = "Staff hand the conversation back to the agent",
			description = "Also dismisses a pending hand-off. Staff messages stay in the history the agent sees.")
	@ApiResponse(responseCode = "200", description = "The agent answers again")
	@ApiResponse(responseCode = "404", description = "No conversation of this dealership has this id")
	@ApiResponse(responseCode = "409", description = "Closed, or changed by someone else at the same time")
	ConversationSummary release(@AuthenticationPrincipal TenantPrincipal principal,
			@PathVariable String conversationId) {
		return this.staff.release(principal.requireClientId(), conversationId);
	}

	@PostMapping(path = "/api/agent/conversations/{conversationId}/close", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "closeConversation", summary = "Close the conversation",
			description = "From any state; the lead's next message reopens it with the agent answering.")
	@ApiResponse(responseCode = "200", description = "Closed")
	@ApiResponse(responseCode = "404", description = "No conversation of this dealership has this id")
	@ApiResponse(responseCode = "409", description = "Changed by someone else at the same time")
	ConversationSummary close(@AuthenticationPrincipal TenantPrincipal principal, @PathVariable String conversationId) {
		return this.staff.close(principal.requireClientId(), conversationId);
	}

	@PostMapping(path = "/api/agent/conversations/{conversationId}/messages",
			consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "postStaffMessage", summary = "A staff member writes to the lead",
			description = "Kept in the conversation (with `author`) and shown to the agent as the dealership's earlier "
					+ "words when it answers again.")
	@ApiResponse(responseCode = "201", description = "Recorded")
	@ApiResponse(responseCode = "404", description = "No conversation of this dealership has this id")
	@ApiResponse(responseCode = "409", description = "Staff have not taken the conversation over (state is not human)")
	StaffMessage message(@AuthenticationPrincipal TenantPrincipal principal, @PathVariable String conversationId,
			@Valid @RequestBody StaffMessageRequest request, HttpServletRequest http) {
		return this.staff.message(principal.requireClientId(), conversationId, request, RequestIdFilter.of(http));
	}

}
