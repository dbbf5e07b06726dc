package io.agentruntime.admin;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentruntime.tenant.Client;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A dealership as platform administration sees it.
 *
 * @param id the tenant id ({@code client_id} in JWTs)
 * @param name the dealership's name
 * @param active {@code false} when disabled
 * @param limits its own limits; a {@code null} limit means the service default
 */
@Schema(name = "Client")
record ClientView(@Schema(example = "6a1f7c2e-93b4-4d8a-b1e0-5c7d2f9a8b34") UUID id,
		@Schema(example = "Riverside Ford") String name, @Schema(example = "true") boolean active, Limits limits) {

	static ClientView of(Client client) {
		return new ClientView(client.getId(), client.getName(), client.isActive(),
				new Limits(client.getRequestsPerMinute(), client.getTokensPerDay()));
	}

	/**
	 * @param requestsPerMinute replies per minute, {@code null} for the service default
	 * @param tokensPerDay LLM tokens per UTC day, {@code null} for the service default
	 */
	@Schema(name = "ClientLimits")
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record Limits(@Schema(example = "60", nullable = true) Integer requestsPerMinute,
			@Schema(example = "200000", nullable = true) Long tokensPerDay) {
	}

}
