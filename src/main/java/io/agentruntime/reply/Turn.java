package io.agentruntime.reply;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.agentruntime.agentconfig.AgentProfile;
import io.agentruntime.audit.ExchangeRecord;
import io.agentruntime.llm.LlmResult;

/**
 * One admitted lead message on its way through the reply: who asked, what, with which
 * persona, since when and until when.
 *
 * @param clientId the tenant
 * @param request the message, already validated
 * @param requestId the request's {@code X-Request-Id}
 * @param leadKey the lead's memory key, or {@code null} without a lead
 * @param leadEmail the lead's e-mail as read ({@code ""} for none), or {@code null}
 * without a lead
 * @param profile the persona: the active config or the defaults
 * @param startedNanos {@link System#nanoTime()} when the reply started
 * @param deadline when the LLM must have answered, the audit commit's margin kept back
 */
record Turn(UUID clientId, ReplyRequest request, String requestId, String leadKey, String leadEmail,
		AgentProfile profile, long startedNanos, Instant deadline) {

	/** What recall searches for: the topic, else the message. */
	String query() {
		return (this.request.topic() != null) ? this.request.topic() : this.request.message();
	}

	/** The request's model, else the persona's. */
	String model() {
		return (this.request.model() != null) ? this.request.model() : this.profile.model();
	}

	long latencyMs() {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startedNanos);
	}

	/** The audit row of a message staff will answer: no reply, no LLM call, no recall. */
	ExchangeRecord held() {
		return new ExchangeRecord(this.clientId, this.profile.configId(), this.request.leadId(),
				this.request.conversationId(), this.requestId, this.request.message(), null, List.of(), null, null,
				null, latencyMs(), 0, 0, 0, List.of());
	}

	/** The audit row of an answered message. */
	ExchangeRecord answered(Answer answer, int memoryDocs, long latencyMs) {
		LlmResult result = answer.result();
		return new ExchangeRecord(this.clientId, this.profile.configId(), this.request.leadId(),
				this.request.conversationId(), this.requestId, this.request.message(), answer.reply(),
				answer.quickReplies(), result.model(), result.promptTokens(), result.completionTokens(), latencyMs,
				result.latencyMs(), result.attempts(), memoryDocs, answer.degradedReasons(), answer.checked().rules());
	}

	@Override
	public String toString() {
		return "Turn[clientId=" + this.clientId + ", requestId=" + this.requestId + "]";
	}

}
