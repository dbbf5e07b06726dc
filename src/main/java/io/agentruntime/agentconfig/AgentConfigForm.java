package io.agentruntime.agentconfig;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
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
 * @param competitors names the agent must not mention, ≤ 50 items of ≤ 100 characters
 * @param blockedPhrases phrases the agent must not use, ≤ 50 items of ≤ 200 characters
 * @param aiDisclosure prefixed to the first reply of each conversation, ≤ 200 characters;
 * absent for the default, empty to switch it off
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
		@ArraySchema(schema = @Schema(maxLength = 100, example = "Westside Toyota"), maxItems = 50,
				arraySchema = @Schema(description = "Names the agent must not mention; a reply naming one is "
						+ "repaired or replaced (policy rule competitor).")) @Size(
								max = 50) List<@NotBlank(message = "must not be blank") @Size(max = 100) @Pattern(
										regexp = TERM, message = TERM_MESSAGE) String> competitors,
		@ArraySchema(schema = @Schema(maxLength = 200, example = "no credit check"), maxItems = 50,
				arraySchema = @Schema(description = "Phrases the agent must not use; a reply using one is repaired "
						+ "or replaced (policy rule blocked_phrase).")) @Size(
								max = 50) List<@NotBlank(message = "must not be blank") @Size(max = 200) @Pattern(
										regexp = TERM, message = TERM_MESSAGE) String> blockedPhrases,
		@Schema(example = "You're chatting with an AI assistant.", defaultValue = AgentProfile.DEFAULT_AI_DISCLOSURE,
				description = "Prefixed to the first reply of each conversation. Absent for the default, "
						+ "empty to switch it off.",
				maxLength = 200) @Size(max = 200) String aiDisclosure,
		@Schema(example = "0",
				description = "Required on PUT: the version last read (optimistic locking).") Long version) {

	/**
	 * A policy term needs two letters or digits: a one-letter name would block every
	 * reply that contains the letter as a word.
	 */
	static final String TERM = "(?s).*[\\p{L}\\p{N}].*[\\p{L}\\p{N}].*";

	static final String TERM_MESSAGE = "must contain at least two letters or digits";

	AgentConfigForm {
		name = trim(name);
		personality = trim(personality);
		tonality = trim(tonality);
		responseStyle = trim(responseStyle);
		industry = trim(industry);
		model = trim(model);
		fallbackReply = trim(fallbackReply);
		aiDisclosure = trim(aiDisclosure);
		competitors = (competitors != null) ? competitors.stream().map(AgentConfigForm::trim).toList() : List.of();
		blockedPhrases = (blockedPhrases != null) ? blockedPhrases.stream().map(AgentConfigForm::trim).toList()
				: List.of();
		dosList = (dosList != null) ? dosList.stream().map(AgentConfigForm::trim).toList() : List.of();
		dontsList = (dontsList != null) ? dontsList.stream().map(AgentConfigForm::trim).toList() : List.of();
	}

	/**
	 * The persona these fields describe; blank fields take the defaults of
	 * {@link AgentProfile}.
	 */
	AgentProfile profile(UUID configId) {
		return new AgentProfile(configId, this.name, this.personality, this.tonality, this.responseStyle, this.dosList,
				this.dontsList, this.industry, this.model, this.fallbackReply, this.competitors, this.blockedPhrases,
				this.aiDisclosure);
	}

	private static String trim(String value) {
		return (value != null) ? value.trim() : null;
	}

	@Override
	public String toString() {
		return "AgentConfigForm[name=" + this.name + ", version=" + this.version + "]";
	}

}
