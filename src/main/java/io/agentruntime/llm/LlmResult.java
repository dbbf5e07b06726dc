package io.agentruntime.llm;

/**
 * What came of an {@link LlmRequest}. Never an exception: an unusable upstream is an
 * outcome.
 *
 * @param outcome whether a reply could be used, and if not why
 * @param reply the validated reply when {@code outcome} is {@link Outcome#OK}, else
 * {@code null}
 * @param model the model that produced the reply, {@code null} unless OK
 * @param promptTokens prompt tokens reported by the upstream over all attempts, or
 * {@code null}
 * @param completionTokens completion tokens reported over all attempts, or {@code null}
 * @param attempts HTTP calls made to the upstream
 * @param latencyMs time spent in the LLM client
 */
public record LlmResult(Outcome outcome, AgentReply reply, String model, Integer promptTokens, Integer completionTokens,
		int attempts, long latencyMs) {

	/** Why a result has or lacks a reply. */
	public enum Outcome {

		/** A valid reply. */
		OK,
		/** No upstream answered in time (errors, timeouts, open circuit, rejections). */
		UNAVAILABLE,
		/**
		 * The upstream answered, but not with valid reply JSON, even after the repair
		 * attempt.
		 */
		INVALID_OUTPUT

	}

}
