package io.agentruntime.reply;

import io.agentruntime.llm.LlmResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one structured log line per exchange (DESIGN §7, docs/operations.md): ids, model,
 * outcome, latency and tokens; never the message, the reply or anything personal.
 */
final class ExchangeLogLine {

	/** The logger name operators filter on (docs/operations.md). */
	private static final Logger log = LoggerFactory.getLogger(AgentRuntimeService.class);

	private ExchangeLogLine() {
	}

	static void answered(Turn turn, Answer answer, long latencyMs) {
		String outcome = answer.degraded() ? ReplyObservationContext.DEGRADED : ReplyObservationContext.OK;
		LlmResult result = answer.result();
		log.atInfo()
			.addKeyValue("requestId", turn.requestId())
			.addKeyValue("clientId", turn.clientId())
			.addKeyValue("configId", turn.profile().configId())
			.addKeyValue("model", result.model())
			.addKeyValue("outcome", outcome)
			.addKeyValue("degradedReasons", String.join(",", answer.degradedReasons()))
			.addKeyValue("policyRules", String.join(",", answer.checked().rules()))
			.addKeyValue("latencyMs", latencyMs)
			.addKeyValue("llmAttempts", result.attempts())
			.addKeyValue("promptTokens", result.promptTokens())
			.addKeyValue("completionTokens", result.completionTokens())
			.log("exchange requestId={} clientId={} configId={} model={} outcome={} latencyMs={} promptTokens={} completionTokens={}",
					turn.requestId(), turn.clientId(), turn.profile().configId(), result.model(), outcome, latencyMs,
					result.promptTokens(), result.completionTokens());
	}

}
