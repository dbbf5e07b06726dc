package io.agentruntime.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

import org.springframework.stereotype.Component;

/**
 * Keeps the meters of our own observations ({@code agent.*}) to the names and tags DESIGN
 * §7 fixes. Micrometer's default meter handler adds an {@code error} tag to every
 * observation timer and a {@code <name>.active} long-task timer; our conventions already
 * say how a reply ended ({@code outcome}), so both would only add series a dashboard does
 * not read.
 */
@Component
class ObservationMeterFilter implements MeterFilter {

	private static final String OWN = "agent.";

	@Override
	public MeterFilterReply accept(Meter.Id id) {
		boolean activeTimer = id.getType() == Meter.Type.LONG_TASK_TIMER && id.getName().startsWith(OWN)
				&& id.getName().endsWith(".active");
		return activeTimer ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		if (id.getName().startsWith(OWN) && id.getType() == Meter.Type.TIMER && id.getTag("error") != null) {
			return id.replaceTags(id.getTags().stream().filter(tag -> !tag.getKey().equals("error")).toList());
		}
		return id;
	}

}
