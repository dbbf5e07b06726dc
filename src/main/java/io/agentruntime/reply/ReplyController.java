package io.agentruntime.reply;

import io.agentruntime.tenant.ConversationTokens;
import io.agentruntime.tenant.TenantPrincipal;
import io.agentruntime.web.RequestIdFilter;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.MediaType;
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

	ReplyController(AgentRuntimeService runtime, WidgetReplies widgets) {
		this.runtime = runtime;
		this.widgets = widgets;
	}

	@PostMapping(path = "/api/agent/reply", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ReplyResponse reply(@AuthenticationPrincipal TenantPrincipal principal, @Valid @RequestBody ReplyRequest request,
			@Parameter(description = "Widget credentials: the conversationToken of an earlier answer, required "
					+ "when the request names a conversationId") @RequestHeader(name = ConversationTokens.HEADER,
							required = false) String conversationToken,
			HttpServletRequest http) {
		if (principal.isWidget()) {
			return this.widgets.reply(principal, request, conversationToken, RequestIdFilter.of(http));
		}
		return this.runtime.reply(principal.requireClientId(), request, RequestIdFilter.of(http))
			.withConversation(request.conversationId());
	}

}
