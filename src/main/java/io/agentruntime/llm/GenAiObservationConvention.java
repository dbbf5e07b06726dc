package io.agentruntime.llm;

import java.util.Locale;
import java.util.Set;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and keys of the LLM-call observation, after the OpenTelemetry GenAI semantic
 * conventions (DESIGN §7) as Spring AI's {@code DefaultChatModelObservationConvention}
 * does. Every key is always present ({@value #NONE} when it does not apply) and every
 * value comes from a bounded set: the operation is always {@code chat}, the provider is
 * the configured enum, models are those of {@code agent.llm.*} (anything else the
 * upstream names becomes {@value #OTHER}), and {@code error.type} is a short reason code.
 * Never a tenant, lead or message.
 */
final class GenAiObservationConvention implements ObservationConvention<LlmCallContext> {

	/** The observation (and span) name. */
	static final String NAME = "gen_ai.client.operation";

	static final String OPERATION = "gen_ai.operation.name";

	static final String PROVIDER = "gen_ai.provider.name";

	static final String REQUEST_MODEL = "gen_ai.request.model";

	static final String RESPONSE_MODEL = "gen_ai.response.model";

	static final String ERROR_TYPE = "error.type";

	/** The value of a key that does not apply, as {@code KeyValue.NONE_VALUE}. */
	static final String NONE = KeyValue.NONE_VALUE;

	/** OpenTelemetry's value for a model outside the known set. */
	static final String OTHER = "_OTHER";

	private final String provider;

	private final Set<String> knownModels;

	/**
	 * Creates the convention.
	 * @param provider the configured provider
	 * @param knownModels the models that may appear as label values
	 */
	GenAiObservationConvention(LlmProvider provider, Set<String> knownModels) {
		this.provider = provider.name().toLowerCase(Locale.ROOT);
		this.knownModels = Set.copyOf(knownModels);
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(LlmCallContext context) {
		return "chat " + bounded(context.requestModel());
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(LlmCallContext context) {
		return KeyValues.of(KeyValue.of(OPERATION, "chat"), KeyValue.of(PROVIDER, this.provider),
				KeyValue.of(REQUEST_MODEL, bounded(context.requestModel())),
				KeyValue.of(RESPONSE_MODEL, bounded(context.responseModel())),
				KeyValue.of(ERROR_TYPE, (context.errorType() != null) ? context.errorType() : NONE));
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof LlmCallContext;
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
