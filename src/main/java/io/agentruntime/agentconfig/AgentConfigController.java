package io.agentruntime.agentconfig;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Agent configs of the caller's dealership (DESIGN §3, scope {@code agent:admin}). Ids
 * that are not the tenant's, including ids that are not UUIDs at all, answer 404 like
 * missing ones.
 */
@RestController
@RequestMapping(path = "/api/agent/configs", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Agent configs", description = "Personas the agent replies in; one is active per dealership.")
class AgentConfigController {

	private final AgentConfigService configs;

	AgentConfigController(AgentConfigService configs) {
		this.configs = configs;
	}

	@GetMapping
	@Operation(operationId = "listConfigs", summary = "List the dealership's configs", description = "Oldest first.")
	List<AgentConfigView> list(@AuthenticationPrincipal TenantPrincipal principal) {
		return this.configs.list(principal.requireClientId());
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createConfig", summary = "Create a config",
			description = "Created inactive; use activate to switch replies to it.")
	@ApiResponse(responseCode = "201", description = "Created")
	@ApiResponse(responseCode = "400", description = "Invalid fields")
	AgentConfigView create(@AuthenticationPrincipal TenantPrincipal principal,
			@Valid @RequestBody AgentConfigForm form) {
		return this.configs.create(principal.requireClientId(), form);
	}

	@GetMapping("/active")
	@Operation(operationId = "getActiveConfig", summary = "The active config")
	@ApiResponse(responseCode = "200", description = "The active config")
	@ApiResponse(responseCode = "404", description = "No config is active (replies use the defaults)")
	AgentConfigView active(@AuthenticationPrincipal TenantPrincipal principal) {
		return this.configs.active(principal.requireClientId());
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getConfig", summary = "One config")
	@ApiResponse(responseCode = "200", description = "The config")
	@ApiResponse(responseCode = "404", description = "No such config for this dealership")
	AgentConfigView get(@AuthenticationPrincipal TenantPrincipal principal, @ConfigId @PathVariable String id) {
		return this.configs.get(principal.requireClientId(), id(id));
	}

	@PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "updateConfig", summary = "Replace a config's fields",
			description = "Send the `version` you read; a stale version answers 409. Absent optional fields take their defaults.")
	@ApiResponse(responseCode = "200", description = "Updated")
	@ApiResponse(responseCode = "400", description = "Invalid fields")
	@ApiResponse(responseCode = "404", description = "No such config for this dealership")
	@ApiResponse(responseCode = "409", description = "Stale version")
	AgentConfigView update(@AuthenticationPrincipal TenantPrincipal principal, @ConfigId @PathVariable String id,
			@Valid @RequestBody AgentConfigForm form) {
		return this.configs.update(principal.requireClientId(), id(id), form);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "deleteConfig", summary = "Delete an inactive config")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "404", description = "No such config for this dealership")
	@ApiResponse(responseCode = "409", description = "The config is active")
	void delete(@AuthenticationPrincipal TenantPrincipal principal, @ConfigId @PathVariable String id) {
		this.configs.delete(principal.requireClientId(), id(id));
	}

	@PostMapping("/{id}/activate")
	@Operation(operationId = "activateConfig", summary = "Make this the active config",
			description = "Atomic switch: the previously active config is deactivated in the same transaction. "
					+ "Concurrent activations answer 200 or 409, and exactly one config stays active.")
	@ApiResponse(responseCode = "200", description = "Now active")
	@ApiResponse(responseCode = "404", description = "No such config for this dealership")
	@ApiResponse(responseCode = "409", description = "A concurrent change won; retry")
	AgentConfigView activate(@AuthenticationPrincipal TenantPrincipal principal, @ConfigId @PathVariable String id) {
		return this.configs.activate(principal.requireClientId(), id(id));
	}

	@GetMapping("/{id}/prompt-preview")
	@Operation(operationId = "previewPrompt", summary = "The system prompt this config produces",
			description = "Byte for byte the system message the reply path sends to the LLM for this config.")
	@ApiResponse(responseCode = "200", description = "The system prompt")
	@ApiResponse(responseCode = "404", description = "No such config for this dealership")
	PromptPreview preview(@AuthenticationPrincipal TenantPrincipal principal, @ConfigId @PathVariable String id) {
		return this.configs.preview(principal.requireClientId(), id(id));
	}

	/**
	 * A malformed id names no config of this tenant: 404, not 400, like any other unknown
	 * id.
	 */
	private static UUID id(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new AgentConfigNotFound();
		}
	}

	/** Documents the {@code id} path variable. */
	@Parameter(description = "Config id", example = "8f0c2a4e-5b7d-4f7e-9a51-2f8e1c3b6d90",
			schema = @Schema(type = "string", format = "uuid"))
	@Target(ElementType.PARAMETER)
	@Retention(RetentionPolicy.RUNTIME)
	@interface ConfigId {

	}

}
