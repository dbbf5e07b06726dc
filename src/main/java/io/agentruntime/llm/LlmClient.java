package io.agentruntime.llm;

/**
 * The port to a chat-completions LLM that must answer in the reply JSON schema.
 *
 * <p>
 * Contract: {@link #complete} always returns by {@link LlmRequest#deadline()} (plus a
 * small scheduling margin) and never throws for upstream faults: transport errors, error
 * statuses, open circuits and unusable output all become an {@link LlmResult} with the
 * matching outcome.
 */
public interface LlmClient {

	/**
	 * Produces a reply.
	 * @param request the messages and limits; must not be {@literal null}
	 * @return the outcome, never {@literal null}
	 */
	LlmResult complete(LlmRequest request);

	/**
	 * A cheap liveness probe that spends no tokens (a models list), for the health
	 * endpoint.
	 * @return true when the upstream answered
	 */
	boolean probe();

}
