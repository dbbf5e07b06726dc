package io.agentruntime.policy;

/**
 * The rules of the commitment policy (DESIGN §12). Their ids are stable: they appear in
 * the audit row ({@code agent_exchange.policy_rules}), in the metric tag {@code rule} and
 * in the repair message.
 */
public enum PolicyRule {

	/** Agreeing to a price, a discount, an APR, a monthly payment or a trade-in value. */
	PRICE_COMMITMENT("price_commitment",
			"it agreed to a price, discount, interest rate, monthly payment or trade-in value; "
					+ "only the dealership's staff confirm figures, so quote listed facts at most and offer to "
					+ "connect the lead with the sales team"),

	/** "Legally binding", "guaranteed", "deal" as an acceptance, promises. */
	BINDING_OFFER("binding_offer",
			"it accepted an offer or made a binding promise or guarantee (\"deal\", \"legally binding\", "
					+ "\"guaranteed\"); never accept, promise or guarantee anything"),

	/** Claiming to be a person. */
	HUMAN_CLAIM("human_claim",
			"it claimed to be a human; you are the dealership's virtual assistant and must say so if asked"),

	/** A name from the config's {@code competitors}. */
	COMPETITOR("competitor", "it mentioned a competitor the dealership does not want named; do not name it"),

	/** A phrase from the config's {@code blockedPhrases}. */
	BLOCKED_PHRASE("blocked_phrase", "it used a phrase the dealership has blocked; do not use it");

	private final String id;

	private final String explanation;

	PolicyRule(String id, String explanation) {
		this.id = id;
		this.explanation = explanation;
	}

	/** The stable id, e.g. {@code price_commitment}. */
	public String id() {
		return this.id;
	}

	/** What a reply broke, as the repair message tells the model. */
	String explanation() {
		return this.explanation;
	}

}
