package io.agentruntime.reply;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

import org.springframework.stereotype.Component;

/**
 * Counts {@code agent.fallback} by {@code reason} (DESIGN §7) when a reply observation
 * stops with the fallback reply: an event of the reply, not a duration, so it is a
 * counter beside the {@code agent.reply} timer rather than a tag on it.
 */
@Component
class FallbackMetrics implements ObservationHandler<ReplyObservationContext> {

	static final String NAME = "agent.fallback";

	private final MeterRegistry meters;

	FallbackMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	@Override
	public void onStop(ReplyObservationContext context) {
		if (context.fallbackReason() != null) {
			Counter.builder(NAME)
				.description("Replies answered with the fallback reply")
				.tag("reason", context.fallbackReason())
				.register(this.meters)
				.increment();
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ReplyObservationContext;
	}

}
