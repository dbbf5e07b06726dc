package io.agentruntime.reply;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Name and tags of the reply observation, fixed by DESIGN §7: the timer
 * {@code agent.reply} (Prometheus {@code agent_reply_seconds}) with the one tag
 * {@code outcome} = {@code ok | degraded | held | error}, always present and drawn from
 * that set only (no tenant, lead or message).
 */
class ReplyObservationConvention implements ObservationConvention<ReplyObservationContext> {

	static final ReplyObservationConvention DEFAULT = new ReplyObservationConvention();

	static final String NAME = "agent.reply";

	static final String OUTCOME = "outcome";

	/** A reply that threw (a bug or the database), not a degraded one. */
	static final String ERROR = "error";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ReplyObservationContext context) {
		return "agent reply";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ReplyObservationContext context) {
		boolean failed = context.getError() != null || context.outcome() == null;
		return KeyValues.of(OUTCOME, failed ? ERROR : context.outcome());
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ReplyObservationContext;
	}

}
