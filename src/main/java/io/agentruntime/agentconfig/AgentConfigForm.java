package io.agentruntime.agentconfig;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The editable fields of an agent config, for {@code POST} (create) and {@code PUT}
 * (replace). Text is trimmed before validation; a blank optional field takes its default.
 * {@code isActive}, {@code clientId} and timestamps in a body are ignored: activation has
 * its own endpoint and the tenant comes from the credential.
 *
 * @param name display name, 1..100 characters
 * @param personality free text, ≤ 1000 characters
 * @param tonality default "professional"
 * @param responseStyle default "helpful"
 * @param dosList things the agent should do, ≤ 20 items of ≤ 300 characters
 * @param dontsList things the agent must not do, ≤ 20 items of ≤ 300 characters
 * @param industry default "automotive"
 * @param model a model from the allowed list, or none for the service default
 * @param fallbackReply the reply sent when the LLM cannot answer, ≤ 500 characters
 * @param version the version last read; required on {@code PUT}, ignored on {@code POST}
 */
@Schema(name = "AgentConfigRequest", description = "Editable fields of an agent config.")
record AgentConfigForm(
		@Schema(example = "Riley", requiredMode = Schema.RequiredMode.REQUIRED,
				maxLength = 100) @NotBlank(message = "must not be blank") @Size(max = 100) String name,
		@Schema(example = "Warm, upbeat truck expert who keeps answers short.",
				maxLength = 1000) @Size(max = 1000) String personality,
		@Schema(example = "friendly", defaultValue = "professional", maxLength = 100) @Size(max = 100) String tonality,
		@Schema(example = "short answers", defaultValue = "helpful",
				maxLength = 100) @Size(max = 100) String responseStyle,
		@ArraySchema(schema = @Schema(maxLength = 300, example = "Mention our Saturday service hours"),
				maxItems = 20) @Size(
						max = 20) List<@NotBlank(message = "must not be blank") @Size(max = 300) String> dosList,
		@ArraySchema(schema = @Schema(maxLength = 300, example = "Discuss competitor dealerships"),
				maxItems = 20) @Size(
						max = 20) List<@NotBlank(message = "must not be blank") @Size(max = 300) String> dontsList,
		@Schema(example = "automotive", defaultValue = "automotive", maxLength = 100) @Size(max = 100) String industry,
		@Schema(example = "openai/gpt-4o-mini",
				description = "Must be one of agent.llm.allowed-models; " + "absent for the service default.",
				maxLength = 200) @Size(max = 200) String model,
		@Schema(example = "Thanks! Someone from our team will call you back today.",
				maxLength = 500) @Size(max = 500) String fallbackReply,
		@Schema(example = "0",
				description = "Required on PUT: the version last read (optimistic locking).") Long version) {

	AgentConfigForm {
		name = trim(name);
		personality = trim(personality);
		tonality = trim(tonality);
		responseStyle = trim(responseStyle);
		industry = trim(industry);
		model = trim(model);
		fallbackReply = trim(fallbackReply);
		dosList = (dosList != null) ? dosList.stream().map(AgentConfigForm::trim).toList() : List.of();
		dontsList = (dontsList != null) ? dontsList.stream().map(AgentConfigForm::trim).toList() : List.of();
	}

	/**
	 * The persona these fields describe; blank fields take the defaults of
	 * {@link AgentProfile}.
	 */
	AgentProfile profile(UUID configId) {
		return new AgentProfile(configId, this.name, this.personality, this.tonality, this.responseStyle, this.dosList,
				this.dontsList, this.industry, this.model, this.fallbackReply);
	}

	private static String trim(String value) {
		return (value != null) ? value.trim() : null;
	}

	@Override
	public String toString() {
		return "AgentConfigForm[name=" + this.name + ", version=" + this.version + "]";
	}

}
