package io.agentruntime.audit;

import java.util.List;
import java.util.UUID;

/**
 * One reply as it is audited in {@code agent_exchange} (DESIGN §7).
 *
 * @param clientId the tenant
 * @param configId the config used, {@code null} for the defaults
 * @param leadId the tenant's lead id, or {@code null}
 * @param conversationId the conversation, or {@code null}
 * @param requestId the request's {@code X-Request-Id}
 * @param message what the lead wrote
 * @param reply what was answered (the fallback reply when degraded)
 * @param quickReplies the quick replies offered
 * @param model the model that produced the reply, {@code null} on fallback
 * @param promptTokens prompt tokens, or {@code null}
 * @param completionTokens completion tokens, or {@code null}
 * @param latencyMs whole reply time
 * @param llmLatencyMs time in the LLM client
 * @param llmAttempts HTTP calls to the LLM
 * @param memoryDocs documents recalled
 * @param degradedReasons e.g. {@code memory_unavailable}
 * @param policyRules ids of the policy rules the model's reply broke (DESIGN §12), never
 * the text
 */
public record ExchangeRecord(UUID clientId, UUID configId, String leadId, String conversationId, String requestId,
		String message, String reply, List<String> quickReplies, String model, Integer promptTokens,
		Integer completionTokens, long latencyMs, long llmLatencyMs, int llmAttempts, int memoryDocs,
		List<String> degradedReasons, List<String> policyRules) {

	public ExchangeRecord {
		policyRules = (policyRules != null) ? List.copyOf(policyRules) : List.of();
	}

	/** An exchange that broke no policy rule. */
	public ExchangeRecord(UUID clientId, UUID configId, String leadId, String conversationId, String requestId,
			String message, String reply, List<String> quickReplies, String model, Integer promptTokens,
			Integer completionTokens, long latencyMs, long llmLatencyMs, int llmAttempts, int memoryDocs,
			List<String> degradedReasons) {
		this(clientId, configId, leadId, conversationId, requestId, message, reply, quickReplies, model, promptTokens,
				completionTokens, latencyMs, llmLatencyMs, llmAttempts, memoryDocs, degradedReasons, List.of());
	}

	@Override
	public String toString() {
		return "ExchangeRecord[clientId=" + this.clientId + ", requestId=" + this.requestId + ", model=" + this.model
				+ "]";
	}

}
