package io.agentruntime.admin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dealerships (DESIGN §3, scope {@code platform:admin}): onboarding, limits, disabling,
 * and the first API key of a new dealership. No tenant data is reachable from here.
 */
@RestController
@RequestMapping(path = "/api/admin/clients", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Clients", description = "Platform administration of dealerships.")
class ClientController {

	private final ClientService clients;

	private final ApiKeyService keys;

	ClientController(ClientService clients, ApiKeyService keys) {
		this.clients = clients;
		this.keys = keys;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createClient", summary = "Onboard a dealership",
			description = "Active from the start; give it a key next.")
	@ApiResponse(responseCode = "201", description = "Created")
	@ApiResponse(responseCode = "400", description = "Invalid fields")
	ClientView create(@Valid @RequestBody ClientForm form) {
		return this.clients.create(form);
	}

	@GetMapping
	@Operation(operationId = "listClients", summary = "List dealerships", description = "Oldest first.")
	List<ClientView> list() {
		return this.clients.list();
	}

	@PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "updateClient", summary = "Change, limit or disable a dealership",
			description = "Absent fields stay as they are. `active: false` makes every call with the dealership's "
					+ "credentials answer 403.")
	@ApiResponse(responseCode = "200", description = "Updated")
	@ApiResponse(responseCode = "400", description = "Invalid fields")
	@ApiResponse(responseCode = "404", description = "No such client")
	ClientView update(@ClientId @PathVariable String id, @Valid @RequestBody ClientPatch patch) {
		return this.clients.update(Ids.parse(id, ClientNotFound::new), patch);
	}

	@PostMapping(path = "/{id}/api-keys", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createClientApiKey", summary = "Create an API key for a dealership",
			description = "How a new dealership gets its first credential. The response carries the key once.")
	@ApiResponse(responseCode = "201", description = "Created; `key` is shown only here")
	@ApiResponse(responseCode = "400", description = "Invalid fields")
	@ApiResponse(responseCode = "404", description = "No such client")
	CreatedApiKey createKey(@ClientId @PathVariable String id, @Valid @RequestBody ApiKeyForm form) {
		UUID clientId = this.clients.require(Ids.parse(id, ClientNotFound::new)).getId();
		return this.keys.issue(clientId, form);
	}

	/** Documents the {@code id} path variable. */
	@Parameter(description = "Client (dealership) id", schema = @Schema(type = "string", format = "uuid"))
	@Target(ElementType.PARAMETER)
	@Retention(RetentionPolicy.RUNTIME)
	@interface ClientId {

	}

}
