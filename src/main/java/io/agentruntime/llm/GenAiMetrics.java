package io.agentruntime.llm;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The OpenTelemetry GenAI client metrics (semantic conventions, DESIGN §7), recorded once
 * per HTTP call to the upstream. Every label comes from a bounded set: the operation is
 * always {@code chat}, the provider is the configured enum, models are those of
 * {@code agent.llm.*} (anything else the upstream names becomes {@value #OTHER}), and
 * {@code error.type} is a short reason code. Every key is always present ({@value #NONE}
 * when it does not apply) because Prometheus needs one key set per meter name.
 */
final class GenAiMetrics {

	static final String OPERATION_DURATION = "gen_ai.client.operation.duration";

	static final String TOKEN_USAGE = "gen_ai.client.token.usage";

	/**
	 * The value of a key that does not apply, as Micrometer's
	 * {@code KeyValue.NONE_VALUE}.
	 */
	static final String NONE = "none";

	/** OpenTelemetry's value for a model outside the known set. */
	static final String OTHER = "_OTHER";

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

	private final String provider;

	private final Set<String> knownModels;

	GenAiMetrics(MeterRegistry meters, LlmProvider provider, Set<String> knownModels) {
		this.meters = meters;
		this.provider = provider.name().toLowerCase(Locale.ROOT);
		this.knownModels = Set.copyOf(knownModels);
	}

	/**
	 * Records one upstream call.
	 * @param requestModel the model asked
	 * @param responseModel the model the upstream says answered, or {@code null}
	 * @param inputTokens prompt tokens the upstream reported, or {@code null}
	 * @param outputTokens completion tokens the upstream reported, or {@code null}
	 * @param errorType a short reason code of a failed call, or {@code null} on success
	 * @param nanos how long the call took
	 */
	void record(String requestModel, String responseModel, Integer inputTokens, Integer outputTokens, String errorType,
			long nanos) {
		Tags tags = Tags.of("gen_ai.operation.name", "chat", "gen_ai.provider.name", this.provider,
				"gen_ai.request.model", bounded(requestModel), "gen_ai.response.model", bounded(responseModel));
		Timer.builder(OPERATION_DURATION)
			.description("GenAI operation duration")
			.tags(tags)
			.tag("error.type", (errorType != null) ? errorType : NONE)
			.serviceLevelObjectives(DURATION_BUCKETS)
			.register(this.meters)
			.record(nanos, TimeUnit.NANOSECONDS);
		tokens(tags, "input", inputTokens);
		tokens(tags, "output", outputTokens);
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

	/**
	 * Keeps labels bounded: an upstream may name a dated snapshot or anything else it
	 * likes.
	 */
	private String bounded(String model) {
		if (model == null || model.isBlank()) {
			return NONE;
		}
		return this.knownModels.contains(model) ? model : OTHER;
	}

}
