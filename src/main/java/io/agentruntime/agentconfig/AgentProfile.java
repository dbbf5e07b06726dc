package io.agentruntime.agentconfig;

import java.util.List;
import java.util.UUID;

import io.agentruntime.prompt.Persona;

import org.springframework.util.StringUtils;

/**
 * The persona a reply is written in: an active config, or the conservative defaults of
 * DESIGN §4. Blank fields take their defaults, so the prompt never carries an empty
 * persona line.
 *
 * @param configId the config it came from, {@code null} for the defaults
 * @param name display name of the persona
 * @param personality free text, e.g. "friendly and knowledgeable"
 * @param tonality e.g. "professional"
 * @param responseStyle e.g. "helpful"
 * @param dos things the agent should do
 * @param donts things the agent must not do
 * @param industry e.g. "automotive"
 * @param model the config's model, or {@code null} for the service default
 * @param fallbackReply the reply sent when the LLM cannot answer
 * @param competitors names the agent must not mention (DESIGN §12)
 * @param blockedPhrases phrases the agent must not use (DESIGN §12)
 * @param aiDisclosure prefixed to the first reply of a conversation; empty when switched
 * off, the default text when {@code null}
 */
public record AgentProfile(UUID configId, String name, String personality, String tonality, String responseStyle,
		List<String> dos, List<String> donts, String industry, String model, String fallbackReply,
		List<String> competitors, List<String> blockedPhrases, String aiDisclosure) {

	/** The reply sent when no LLM answer can be used and the config names none. */
	public static final String DEFAULT_FALLBACK_REPLY = "Thanks for reaching out! A member of our team will follow up with you shortly.";

	/** The AI disclosure when the config names none (DESIGN §12). */
	public static final String DEFAULT_AI_DISCLOSURE = "You're chatting with an AI assistant.";

	public AgentProfile {
		name = orDefault(name, "default");
		personality = orDefault(personality, "professional");
		tonality = orDefault(tonality, "professional");
		responseStyle = orDefault(responseStyle, "helpful");
		industry = orDefault(industry, "automotive");
		dos = (dos != null) ? dos.stream().filter(StringUtils::hasText).map(String::trim).toList() : List.of();
		donts = (donts != null) ? donts.stream().filter(StringUtils::hasText).map(String::trim).toList() : List.of();
		model = StringUtils.hasText(model) ? model.trim() : null;
		fallbackReply = orDefault(fallbackReply, DEFAULT_FALLBACK_REPLY);
		competitors = (competitors != null)
				? competitors.stream().filter(StringUtils::hasText).map(String::trim).toList() : List.of();
		blockedPhrases = (blockedPhrases != null)
				? blockedPhrases.stream().filter(StringUtils::hasText).map(String::trim).toList() : List.of();
		// Blank is a choice (no disclosure); only an absent value takes the default.
		aiDisclosure = (aiDisclosure != null) ? aiDisclosure.trim() : DEFAULT_AI_DISCLOSURE;
	}

	/**
	 * A persona without policy terms and with the default disclosure (the shape before
	 * DESIGN §12).
	 */
	public AgentProfile(UUID configId, String name, String personality, String tonality, String responseStyle,
			List<String> dos, List<String> donts, String industry, String model, String fallbackReply) {
		this(configId, name, personality, tonality, responseStyle, dos, donts, industry, model, fallbackReply, null,
				null, null);
	}

	/** What the prompt and the policy check need of this persona. */
	public Persona persona() {
		return new Persona(this.name, this.personality, this.tonality, this.responseStyle, this.industry, this.dos,
				this.donts, this.competitors, this.blockedPhrases, this.aiDisclosure);
	}

	/** The conservative defaults used when a tenant has no active config (DESIGN §4). */
	public static AgentProfile defaults() {
		return new AgentProfile(null, null, null, null, null, List.of(), List.of(), null, null, null);
	}

	private static String orDefault(String value, String fallback) {
		return StringUtils.hasText(value) ? value.trim() : fallback;
	}

}
