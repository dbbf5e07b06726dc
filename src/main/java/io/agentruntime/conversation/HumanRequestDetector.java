package io.agentruntime.conversation;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a lead plainly asks for a person ("can I talk to a human / a real person /
 * someone"): such a message hands the conversation off even when the model did not say so
 * (DESIGN §10). A pure, deterministic check on the lead's words; it errs on the side of
 * plain requests, so questions about the agent ("are you a real person?") and other
 * people ("I need to talk to my wife first") do not match.
 */
final class HumanRequestDetector {

	/** Who a lead may ask for. */
	private static final String PERSON = "(?:a |an |some |one of your |your |a real |a live |an actual |the )?"
			+ "(?:human(?: being)?|real person|live person|actual person|person|someone|somebody|anyone|anybody"
			+ "|(?:live |real |human )?agent|representative|rep|salesperson|sales ?(?:man|woman|rep|team|person)"
			+ "|sales|staff(?: member)?|member of (?:your|the) (?:team|staff)|manager|employee)";

	/** Asking to talk to one of them. */
	private static final Pattern ASK = Pattern.compile("\\b(?:talk|speak|chat|get in touch)\\s+(?:to|with)\\s+" + PERSON
			+ "\\b(?!\\s+(?:at home|first|else|" + "in my family|about (?:it|this) first))");

	/** Asking to be passed on. */
	private static final Pattern CONNECT = Pattern
		.compile("\\b(?:connect|transfer|put|pass|hand)\\s+me\\s+(?:on\\s+|over\\s+)?(?:to|with|through to)\\s+"
				+ PERSON + "\\b");

	/** Short forms: "human please", "real person!", "agent please". */
	private static final Pattern SHORT = Pattern
		.compile("^(?:an? )?(?:human|real person|live person|live agent|agent|representative|operator)"
				+ "(?: please| now| pls)?[.!]*$");

	/** "Is there a person I can talk to", "I want a human". */
	private static final Pattern WANT = Pattern
		.compile("\\b(?:i want|i'd like|i would like|i need|give me|get me|is there)\\s+(?:a |an |to )?"
				+ "(?:human|real person|live person|actual person|live agent)\\b");

	/** A request that is denied: "I don't want to talk to anyone". */
	private static final Pattern NEGATED = Pattern
		.compile("\\b(?:don't|do not|dont|no need to|never|not)\\s+(?:want to |need to |have to |wish to )?"
				+ "(?:talk|speak|chat|be connected|be transferred)\\b");

	/** Compiled once: {@code String.replaceAll} compiles its pattern on every call. */
	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	private HumanRequestDetector() {
	}

	/**
	 * Whether the message asks for a person of the dealership.
	 * @param message the lead's message, may be {@code null}
	 */
	static boolean asksForAPerson(String message) {
		if (message == null || message.isBlank()) {
			return false;
		}
		String text = WHITESPACE.matcher(message.toLowerCase(Locale.ROOT).replace('\u2019', '\''))
			.replaceAll(" ")
			.strip();
		// The request patterns first: most messages match none, and then the negation
		// need not be looked for.
		boolean asks = ASK.matcher(text).find() || CONNECT.matcher(text).find() || SHORT.matcher(text).matches()
				|| WANT.matcher(text).find();
		return asks && !NEGATED.matcher(text).find();
	}

}
