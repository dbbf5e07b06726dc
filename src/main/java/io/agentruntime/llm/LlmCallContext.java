package io.agentruntime.llm;

import io.micrometer.observation.Observation;

/**
 * What the observation of one HTTP call to the LLM upstream knows: the model asked and,
 * once the call ended, the model that answered, the token usage and the failure reason.
 * Holds no prompt or reply text.
 */
final class LlmCallContext extends Observation.Context {

	private final String requestModel;

	private String responseModel;

	private Integer inputTokens;

	private Integer outputTokens;

	private String errorType;

	private long startedNanos;

	LlmCallContext(String requestModel) {
		this.requestModel = requestModel;
	}

	/** Records a successful call. */
	void completed(Completion completion) {
		this.responseModel = completion.responseModel();
		this.inputTokens = completion.inputTokens();
		this.outputTokens = completion.outputTokens();
	}

	/** Records a failed call by its short reason code. */
	void failed(String reason) {
		this.errorType = reason;
	}

	String requestModel() {
		return this.requestModel;
	}

	/** The model the upstream named, or {@code null}. */
	String responseModel() {
		return this.responseModel;
	}

	/** Prompt tokens reported, or {@code null}. */
	Integer inputTokens() {
		return this.inputTokens;
	}

	/** Completion tokens reported, or {@code null}. */
	Integer outputTokens() {
		return this.outputTokens;
	}

	/** The reason code of a failed call, or {@code null} on success. */
	String errorType() {
		return this.errorType;
	}

	long startedNanos() {
		return this.startedNanos;
	}

	void startedNanos(long nanos) {
		this.startedNanos = nanos;
	}

}
