package io.agentruntime.admin;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentruntime.tenant.ApiKey;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An API key as listed: never the secret, only the first characters to recognise it.
 *
 * @param id the key id, for revocation
 * @param name its label
 * @param keyPrefix the first characters of the key
 * @param scopes what it grants
 * @param allowedOrigins the web origins of a widget key, {@code null} for other keys
 * @param createdAt when it was created
 * @param lastUsedAt when it was last used (tracked at minute granularity), or
 * {@code null}
 * @param revokedAt when it was revoked, or {@code null} while it works
 */
@Schema(name = "ApiKey")
@JsonInclude(JsonInclude.Include.ALWAYS)
record ApiKeyView(@Schema(example = "3c1e9a0b-7d2f-4b8e-a6c5-0f9d8e7b6a51") UUID id,
		@Schema(example = "Website chat widget") String name, @Schema(example = "ark_Q2xp") String keyPrefix,
		@Schema(example = "[\"agent:reply\"]") List<String> scopes,
		@Schema(nullable = true, description = "Widget keys only.") List<String> allowedOrigins, Instant createdAt,
		@Schema(nullable = true) Instant lastUsedAt, @Schema(nullable = true) Instant revokedAt) {

	static ApiKeyView of(ApiKey key) {
		return new ApiKeyView(key.getId(), key.getName(), key.getKeyPrefix(), key.getScopes(), key.getAllowedOrigins(),
				key.getCreatedAt(), key.getLastUsedAt(), key.getRevokedAt());
	}

}
