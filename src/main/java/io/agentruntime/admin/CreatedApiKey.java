package io.agentruntime.admin;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A key just created: the only response that ever carries the secret.
 *
 * @param id the key id, for revocation
 * @param clientId the dealership it belongs to
 * @param name its label
 * @param key the secret; store it now, it is shown once
 * @param keyPrefix the first characters of the key, as listings show them
 * @param scopes what it grants
 * @param allowedOrigins the web origins of a widget key, {@code null} for other keys
 * @param createdAt when it was created
 */
@Schema(name = "CreatedApiKey")
record CreatedApiKey(@Schema(example = "3c1e9a0b-7d2f-4b8e-a6c5-0f9d8e7b6a51") UUID id,
		@Schema(example = "00000000-0000-0000-0000-0000000000d1") UUID clientId,
		@Schema(example = "Website chat widget") String name,
		@Schema(example = "ark_Q2xpY2tIZXJlVG9TZWVUaGVLZXlPbmNlT25seQ",
				description = "The secret, shown only in this response.") String key,
		@Schema(example = "ark_Q2xpY") String keyPrefix, @Schema(example = "[\"agent:reply\"]") List<String> scopes,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Schema(nullable = true,
				description = "Widget keys only.") List<String> allowedOrigins,
		Instant createdAt) {

	@Override
	public String toString() {
		return "CreatedApiKey[id=" + this.id + ", clientId=" + this.clientId + ", key=***]";
	}

}
