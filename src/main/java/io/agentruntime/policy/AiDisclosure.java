package io.agentruntime.policy;

import java.util.List;
import java.util.Locale;

/**
 * The AI disclosure of DESIGN §12: the config's {@code aiDisclosure} opens the first
 * agent reply of each conversation. Pure functions.
 */
public final class AiDisclosure {

	private AiDisclosure() {
	}

	/**
	 * Whether a reply is the first of its conversation: it names none, or its
	 * conversation has no earlier exchange. The one place that decides it, so the source
	 * of "earlier exchanges" can change (the conversation table of DESIGN §11) without
	 * touching the rule.
	 * @param conversationId the request's conversation, or {@code null}
	 * @param earlierExchanges what the history read found for it
	 */
	public static boolean opensConversation(String conversationId, List<?> earlierExchanges) {
		return conversationId == null || earlierExchanges.isEmpty();
	}

	/**
	 * The reply with the disclosure before it; unchanged when the disclosure is switched
	 * off (empty) or the reply already opens with it.
	 */
	public static String prefix(String disclosure, String reply) {
		if (disclosure == null || disclosure.isBlank()) {
			return reply;
		}
		String trimmed = disclosure.trim();
		if (reply.toLowerCase(Locale.ROOT).startsWith(trimmed.toLowerCase(Locale.ROOT))) {
			return reply;
		}
		return trimmed + " " + reply;
	}

}
