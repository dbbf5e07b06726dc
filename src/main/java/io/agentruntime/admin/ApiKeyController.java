package io.agentruntime.admin;

import java.util.List;
import java.util.UUID;

import io.agentruntime.tenant.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The dealership's own API keys (DESIGN §3, scope {@code agent:admin}). */
@RestController
@RequestMapping(path = "/api/agent/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "API keys", description = "Credentials of the dealership's frontends and staff tools.")
class ApiKeyController {

	private final ApiKeyService keys;

	ApiKeyController(ApiKeyService keys) {
		this.keys = keys;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createApiKey", summary = "Create an API key",
			description = "The response carries the key once; only its hash is stored.")
	@ApiResponse(responseCode = "201", description = "Created; `key` is shown only here")
	@ApiResponse(responseCode = "400", description = "Invalid fields")
	CreatedApiKey create(@AuthenticationPrincipal TenantPrincipal principal, @Valid @RequestBody ApiKeyForm form) {
		return this.keys.issue(principal.requireClientId(), form);
	}

	@GetMapping
	@Operation(operationId = "listApiKeys", summary = "List the dealership's API keys",
			description = "Without secrets; revoked keys show `revokedAt`.")
	List<ApiKeyView> list(@AuthenticationPrincipal TenantPrincipal principal) {
		return this.keys.list(principal.requireClientId());
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "revokeApiKey", summary = "Revoke an API key",
			description = "Calls with the key answer 401 from then on.")
	@ApiResponse(responseCode = "204", description = "Revoked")
	@ApiResponse(responseCode = "404", description = "No such key for this dealership")
	void revoke(@AuthenticationPrincipal TenantPrincipal principal, @Parameter(description = "API key id",
			schema = @Schema(type = "string", format = "uuid")) @PathVariable String id) {
		this.keys.revoke(principal.requireClientId(), Ids.parse(id, ApiKeyNotFound::new));
	}

}
