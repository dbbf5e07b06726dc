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
 */
public record ExchangeRecord(UUID clientId, UUID configId, String leadId, String conversationId, String requestId,
		String message, String reply, List<String> quickReplies, String model, Integer promptTokens,
		Integer completionTokens, long latencyMs, long llmLatencyMs, int llmAttempts, int memoryDocs,
		List<String> degradedReasons) {

	@Override
	public String toString() {
		return "ExchangeRecord[clientId=" + this.clientId + ", requestId=" + this.requestId + ", model=" + this.model
				+ "]";
	}

}
