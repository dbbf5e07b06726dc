package io.agentruntime.llm;

import java.util.Set;

/**
 * The model's (or our own) request that a person of the dealership joins the conversation
 * (DESIGN §10).
 *
 * @param requested always {@code true} on a hand-off that is passed on
 * @param reason one of {@link #REASONS}, or {@code null} when the model named none we
 * know
 */
public record Handoff(boolean requested, String reason) {

	/** The reasons of DESIGN §10; anything else becomes {@code null}. */
	public static final Set<String> REASONS = Set.of("wants_human", "negotiation", "complaint", "appointment",
			"out_of_scope", "other");

	/** A lead who plainly asked for a person. */
	public static final String WANTS_HUMAN = "wants_human";

	public Handoff {
		reason = (reason != null && REASONS.contains(reason)) ? reason : null;
	}

	/** A requested hand-off with this reason. */
	public static Handoff requested(String reason) {
		return new Handoff(true, reason);
	}

}
