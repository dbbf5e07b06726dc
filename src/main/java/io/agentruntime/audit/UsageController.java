package io.agentruntime.audit;

import io.agentruntime.tenant.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/agent/usage} (scope {@code agent:admin}). */
@RestController
@Tag(name = "Usage", description = "Replies and tokens per day and model.")
class UsageController {

	private final UsageService usage;

	UsageController(UsageService usage) {
		this.usage = usage;
	}

	@GetMapping(path = "/api/agent/usage", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getUsage", summary = "Usage per UTC day and model",
			description = "Counted from the audit rows of this "
					+ "dealership. Both dates are inclusive; the range may cover at most " + UsageService.MAX_DAYS
					+ " days.")
	@ApiResponse(responseCode = "200", description = "The report")
	@ApiResponse(responseCode = "400", description = "A malformed date, a reversed or an overlong range")
	UsageReport usage(@AuthenticationPrincipal TenantPrincipal principal,
			@Parameter(description = "First day, YYYY-MM-DD (UTC); default 29 days before `to`",
					schema = @Schema(type = "string", format = "date", example = "2026-11-01")) @RequestParam(
							required = false) String from,
			@Parameter(description = "Last day, YYYY-MM-DD (UTC); default today",
					schema = @Schema(type = "string", format = "date", example = "2026-11-24")) @RequestParam(
							required = false) String to) {
		return this.usage.report(principal.requireClientId(), from, to);
	}

}
