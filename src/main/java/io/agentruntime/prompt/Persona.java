package io.agentruntime.prompt;

import java.util.List;

/**
 * What a prompt needs of a persona: who the agent is, how it writes, and the dealership's
 * policy terms it is told about (DESIGN §4, §12). A plain value: the defaults of a
 * persona are decided where personas are configured, not here.
 *
 * @param name display name of the persona
 * @param personality free text, e.g. "friendly and knowledgeable"
 * @param tonality e.g. "professional"
 * @param responseStyle e.g. "helpful"
 * @param industry e.g. "automotive"
 * @param dos things the agent should do
 * @param donts things the agent must not do
 * @param competitors names the agent must not mention
 * @param blockedPhrases phrases the agent must not use
 * @param aiDisclosure the disclosure the service puts before the first reply; empty when
 * switched off
 */
public record Persona(String name, String personality, String tonality, String responseStyle, String industry,
		List<String> dos, List<String> donts, List<String> competitors, List<String> blockedPhrases,
		String aiDisclosure) {

	public Persona {
		dos = (dos != null) ? List.copyOf(dos) : List.of();
		donts = (donts != null) ? List.copyOf(donts) : List.of();
		competitors = (competitors != null) ? List.copyOf(competitors) : List.of();
		blockedPhrases = (blockedPhrases != null) ? List.copyOf(blockedPhrases) : List.of();
		aiDisclosure = (aiDisclosure != null) ? aiDisclosure : "";
	}

}
