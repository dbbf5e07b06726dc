package io.agentruntime.memory;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Name of the recall observation, fixed by DESIGN §7: the timer
 * {@code agent.memory.recall} (Prometheus {@code agent_memory_recall_seconds}), untagged;
 * whether recall was skipped shows on the reply ({@code memory_unavailable}).
 */
class MemoryRecallObservationConvention implements ObservationConvention<Observation.Context> {

	static final MemoryRecallObservationConvention DEFAULT = new MemoryRecallObservationConvention();

	static final String NAME = "agent.memory.recall";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(Observation.Context context) {
		return "memory recall";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(Observation.Context context) {
		return KeyValues.empty();
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return true;
	}

}
