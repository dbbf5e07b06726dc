package io.agentruntime.llm;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * Turns each LLM-call observation into the OpenTelemetry GenAI client metrics (semantic
 * conventions, DESIGN §7): {@value #OPERATION_DURATION} and {@value #TOKEN_USAGE}, tagged
 * with the low-cardinality keys of {@link GenAiObservationConvention} and bucketed as
 * OpenTelemetry advises. A handler of its own rather than Micrometer's default meter
 * handler, which would name the timer after the observation and add an {@code error} tag
 * the GenAI conventions do not have.
 */
final class GenAiMetrics implements ObservationHandler<LlmCallContext> {

	static final String OPERATION_DURATION = "gen_ai.client.operation.duration";

	static final String TOKEN_USAGE = "gen_ai.client.token.usage";

	/** The value of a key that does not apply. */
	static final String NONE = GenAiObservationConvention.NONE;

	/** OpenTelemetry's value for a model outside the known set. */
	static final String OTHER = GenAiObservationConvention.OTHER;

	/**
	 * The bucket boundaries OpenTelemetry advises for {@value #OPERATION_DURATION}, in
	 * seconds.
	 */
	private static final Duration[] DURATION_BUCKETS = Stream
		.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92)
		.map(seconds -> Duration.ofNanos((long) (seconds * 1e9)))
		.toArray(Duration[]::new);

	/** The bucket boundaries OpenTelemetry advises for {@value #TOKEN_USAGE}. */
	private static final double[] TOKEN_BUCKETS = { 1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
			4194304, 16777216, 67108864 };

	private final MeterRegistry meters;

	GenAiMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof LlmCallContext;
	}

	@Override
	public void onStart(LlmCallContext context) {
		context.startedNanos(System.nanoTime());
	}

	@Override
	public void onStop(LlmCallContext context) {
		long nanos = System.nanoTime() - context.startedNanos();
		Tags all = Tags.empty();
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			all = all.and(keyValue.getKey(), keyValue.getValue());
		}
		Timer.builder(OPERATION_DURATION)
			.description("GenAI operation duration")
			.tags(all)
			.serviceLevelObjectives(DURATION_BUCKETS)
			.register(this.meters)
			.record(nanos, TimeUnit.NANOSECONDS);
		// Token usage has no error.type in the GenAI conventions.
		Tags usage = Tags.of(all.stream()
			.filter(tag -> !GenAiObservationConvention.ERROR_TYPE.equals(tag.getKey()))
			.toArray(Tag[]::new));
		tokens(usage, "input", context.inputTokens());
		tokens(usage, "output", context.outputTokens());
	}

	private void tokens(Tags tags, String type, Integer count) {
		if (count == null) {
			return;
		}
		DistributionSummary.builder(TOKEN_USAGE)
			.description("Measures number of input and output tokens used")
			.tags(tags)
			.tag("gen_ai.token.type", type)
			.serviceLevelObjectives(TOKEN_BUCKETS)
			.register(this.meters)
			.record(count);
	}

}
