package io.agentruntime.agentconfig;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An agent config as the API shows it (DESIGN §3).
 *
 * @param id the config id
 * @param name display name
 * @param personality free text
 * @param tonality e.g. "professional"
 * @param responseStyle e.g. "helpful"
 * @param dosList things the agent should do
 * @param dontsList things the agent must not do
 * @param industry e.g. "automotive"
 * @param model the config's model, {@code null} for the service default
 * @param fallbackReply the reply sent when the LLM cannot answer
 * @param competitors names the agent must not mention
 * @param blockedPhrases phrases the agent must not use
 * @param aiDisclosure prefixed to the first reply of each conversation, empty when off
 * @param active whether replies use this config (read only; see activate)
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param version optimistic-locking version, to send back on {@code PUT}
 */
@Schema(name = "AgentConfig")
record AgentConfigView(@Schema(example = "8f0c2a4e-5b7d-4f7e-9a51-2f8e1c3b6d90") UUID id,
		@Schema(example = "Riley") String name,
		@Schema(example = "Warm, upbeat truck expert who keeps answers short.") String personality,
		@Schema(example = "friendly") String tonality, @Schema(example = "short answers") String responseStyle,
		@Schema(example = "[\"Mention our Saturday service hours\"]") List<String> dosList,
		@Schema(example = "[\"Discuss competitor dealerships\"]") List<String> dontsList,
		@Schema(example = "automotive") String industry,
		@Schema(example = "openai/gpt-4o-mini", nullable = true) String model,
		@Schema(example = "Thanks! Someone from our team will call you back today.") String fallbackReply,
		@Schema(example = "[\"Westside Toyota\"]") List<String> competitors,
		@Schema(example = "[\"no credit check\"]") List<String> blockedPhrases,
		@Schema(example = "You're chatting with an AI assistant.") String aiDisclosure,
		@JsonProperty("isActive") @Schema(name = "isActive", example = "false",
				accessMode = Schema.AccessMode.READ_ONLY) boolean active,
		Instant createdAt, Instant updatedAt, @Schema(example = "0") long version) {

	static AgentConfigView of(AgentConfig config) {
		AgentProfile profile = config.profile();
		return new AgentConfigView(config.getId(), profile.name(), profile.personality(), profile.tonality(),
				profile.responseStyle(), profile.dos(), profile.donts(), profile.industry(), profile.model(),
				profile.fallbackReply(), profile.competitors(), profile.blockedPhrases(), profile.aiDisclosure(),
				config.isActive(), config.getCreatedAt(), config.getUpdatedAt(), config.getVersion());
	}

}
