package io.agentruntime.admin;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A new tenant API key.
 *
 * @param name a label for people, e.g. the frontend that uses it, 1..100 characters
 * @param scopes {@code agent:reply} and/or {@code agent:admin}, or {@code agent:widget}
 * alone for a publishable browser key
 * @param allowedOrigins the web origins a widget key may be used from; required and only
 * allowed for {@code agent:widget} (checked by {@link WidgetKeyRules})
 */
@Schema(name = "ApiKeyRequest")
record ApiKeyForm(
		@Schema(example = "Website chat widget", requiredMode = Schema.RequiredMode.REQUIRED,
				maxLength = 100) @NotBlank(message = "must not be blank") @Size(max = 100) String name,
		@ArraySchema(schema = @Schema(allowableValues = {
				"agent:reply", "agent:admin", "agent:widget" }, example = "agent:reply"), minItems = 1,
				arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED)) @NotEmpty(
						message = "must not be empty") List<@NotBlank @Pattern(
								regexp = "agent:reply|agent:admin|agent:widget",
								message = "must be agent:reply, agent:admin or agent:widget") String> scopes,
		@ArraySchema(schema = @Schema(example = "https://shop.example.com"), maxItems = 20,
				arraySchema = @Schema(description = "Widget keys only (scope agent:widget, required there): the "
						+ "web origins (scheme, host, optional port) whose pages may use the key.")) @Size(
								max = 20) List<String> allowedOrigins){

	ApiKeyForm {
		name = (name != null) ? name.trim() : null;
		scopes = (scopes != null) ? scopes.stream().map(s -> (s != null) ? s.trim() : null).distinct().toList() : null;
	}

	/** A key without origins, as before widget keys. */
	ApiKeyForm(String name, List<String> scopes) {
		this(name, scopes, null);
	}

}
