package io.agentruntime.reply;

import io.agentruntime.tenant.TenantPrincipal;
import io.agentruntime.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/agent/reply}: a lead's message in, the agent's answer out. */
@RestController
class ReplyController {

	private final AgentRuntimeService runtime;

	ReplyController(AgentRuntimeService runtime) {
		this.runtime = runtime;
	}

	@PostMapping(path = "/api/agent/reply", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ReplyResponse reply(@AuthenticationPrincipal TenantPrincipal principal, @Valid @RequestBody ReplyRequest request,
			HttpServletRequest http) {
		return this.runtime.reply(principal.requireClientId(), request, RequestIdFilter.of(http));
	}

}
