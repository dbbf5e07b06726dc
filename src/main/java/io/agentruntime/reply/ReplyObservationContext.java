package io.agentruntime.reply;

import io.micrometer.observation.Observation;

/**
 * What the {@code agent.reply} observation knows when it stops: how the reply ended and,
 * when the fallback reply was sent, why. Only bounded values, never text or ids.
 */
class ReplyObservationContext extends Observation.Context {

	/** A model reply with nothing skipped. */
	static final String OK = "ok";

	/** Something was skipped or the fallback reply was sent. */
	static final String DEGRADED = "degraded";

	/** Staff have the conversation: recorded, not answered (DESIGN §11). */
	static final String HELD = "held";

	private String outcome;

	private String fallbackReason;

	/**
	 * @return {@code ok}, {@code degraded}, {@code held}, or {@code null} while the reply
	 * is not decided (or failed)
	 */
	String outcome() {
		return this.outcome;
	}

	/**
	 * @return {@code llm_unavailable}, {@code llm_invalid_output},
	 * {@code policy_blocked}, or {@code null} when the model's reply was sent
	 */
	String fallbackReason() {
		return this.fallbackReason;
	}

	void held() {
		this.outcome = HELD;
	}

	void answered(boolean degraded, String fallbackReason) {
		this.outcome = degraded ? DEGRADED : OK;
		this.fallbackReason = fallbackReason;
	}

}
