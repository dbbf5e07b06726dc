package io.agentruntime.reply;

import io.agentruntime.tenant.ConversationTokens;
import io.agentruntime.tenant.TenantPrincipal;
import io.agentruntime.web.RequestIdFilter;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/agent/reply}: a lead's message in, the agent's answer out. */
@RestController
class ReplyController {

	private final AgentRuntimeService runtime;

	private final WidgetReplies widgets;

	private final ReplyThreads threads;

	ReplyController(AgentRuntimeService runtime, WidgetReplies widgets, ReplyThreads threads) {
		this.runtime = runtime;
		this.widgets = widgets;
		this.threads = threads;
	}

	@PostMapping(path = "/api/agent/reply", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@ApiResponse(responseCode = "200", description = "The agent's answer",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = ReplyResponse.class)))
	@ApiResponse(responseCode = "202",
			description = "Staff have taken the conversation over (state human): the message is recorded and a "
					+ "person answers it; no LLM call",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = HeldReply.class)))
	Object reply(@AuthenticationPrincipal TenantPrincipal principal, @Valid @RequestBody ReplyRequest request,
			@Parameter(description = "Widget credentials: the conversationToken of an earlier answer, required "
					+ "when the request names a conversationId") @RequestHeader(name = ConversationTokens.HEADER,
							required = false) String conversationToken,
			HttpServletRequest http) {
		String requestId = RequestIdFilter.of(http);
		// A ResponseEntity, or once many replies are in flight a DeferredResult of one
		// (ReplyThreads).
		return this.threads.serve(() -> answer(principal, request, conversationToken, requestId));
	}

	private ResponseEntity<?> answer(TenantPrincipal principal, ReplyRequest request, String conversationToken,
			String requestId) {
		ReplyResponse response = principal.isWidget()
				? this.widgets.reply(principal, request, conversationToken, requestId)
				: this.runtime.reply(principal.requireClientId(), request, requestId)
					.withConversation(request.conversationId());
		if (response.held()) {
			// Staff have the conversation (DESIGN §11): recorded, answered by a person.
			return ResponseEntity.accepted().body(new HeldReply(response.exchangeId(), response.conversationState()));
		}
		return ResponseEntity.ok(response);
	}

}
