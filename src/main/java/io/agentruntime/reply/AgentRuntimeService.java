package io.agentruntime.reply;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.agentruntime.agentconfig.AgentConfigService;
import io.agentruntime.agentconfig.AgentProfile;
import io.agentruntime.audit.ExchangeRecord;
import io.agentruntime.conversation.ConversationHistory;
import io.agentruntime.conversation.ConversationTurns;
import io.agentruntime.lead.LeadService;
import io.agentruntime.llm.ChatMessage;
import io.agentruntime.llm.LlmClient;
import io.agentruntime.llm.LlmProperties;
import io.agentruntime.llm.LlmRequest;
import io.agentruntime.llm.LlmResult;
import io.agentruntime.memory.MemoryHit;
import io.agentruntime.memory.MemoryProperties;
import io.agentruntime.memory.MemoryRecall;
import io.agentruntime.memory.MemoryTags;
import io.agentruntime.policy.AiDisclosure;
import io.agentruntime.policy.PolicyGate;
import io.agentruntime.prompt.PromptBuilder;
import io.agentruntime.prompt.PromptBuilder.PastExchange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Answers a lead's message (DESIGN §1, §3): the tenant's persona, the conversation so
 * far, what memory recalls, a JSON reply from the LLM or the fallback reply, and the
 * audit row, committed before the answer leaves. No transaction spans an upstream call;
 * upstream faults degrade the reply, they never fail it.
 */
@Service
class AgentRuntimeService {

	private static final Logger log = LoggerFactory.getLogger(AgentRuntimeService.class);

	/** Time kept back from the deadline for the audit commit after the LLM returns. */
	private static final Duration AUDIT_MARGIN = Duration.ofMillis(500);

	private final AgentConfigService configs;

	private final LeadService leads;

	private final ConversationHistory history;

	private final MemoryRecall recall;

	private final LlmClient llm;

	private final ConversationTurns turns;

	private final Set<String> permittedModels;

	private final String memoryLeadKeySecret;

	private final Duration deadline;

	private final MeterRegistry meters;

	private final PolicyGate policy;

	AgentRuntimeService(AgentConfigService configs, LeadService leads, ConversationHistory history, MemoryRecall recall,
			LlmClient llm, ConversationTurns turns, LlmProperties llmProperties, MemoryProperties memoryProperties,
			ReplyProperties replyProperties, MeterRegistry meters, PolicyGate policy) {
		this.configs = configs;
		this.leads = leads;
		this.history = history;
		this.recall = recall;
		this.llm = llm;
		this.turns = turns;
		this.permittedModels = llmProperties.permittedModels();
		this.memoryLeadKeySecret = memoryProperties.leadKeySecret();
		this.deadline = replyProperties.deadline();
		this.meters = meters;
		this.policy = policy;
	}

	ReplyResponse reply(UUID clientId, ReplyRequest request, String requestId) {
		long started = System.nanoTime();
		Instant deadlineAt = Instant.now().plus(this.deadline).minus(AUDIT_MARGIN);
		if (request.model() != null && !this.permittedModels.contains(request.model())) {
			throw new ModelNotAllowed();
		}
		String leadKey = null;
		if (request.leadId() != null) {
			leadKey = MemoryTags.leadKey(clientId, request.leadId(),
					this.leads.require(clientId, request.leadId()).email(), this.memoryLeadKeySecret);
		}
		AgentProfile profile = this.configs.activeProfile(clientId).orElseGet(AgentProfile::defaults);
		if (this.turns.staffHandles(clientId, request.conversationId())) {
			return held(clientId, profile, request, requestId, started);
		}
		List<PastExchange> past = (request.conversationId() != null)
				? this.history.recent(clientId, request.conversationId()) : List.of();

		List<String> degradedReasons = new ArrayList<>();
		MemoryRecall.Recall recalled = this.recall.recall(clientId, leadKey,
				MemoryTags.conversationKey(clientId, request.conversationId(), this.memoryLeadKeySecret),
				(request.topic() != null) ? request.topic() : request.message());
		if (recalled.unavailable()) {
			degradedReasons.add("memory_unavailable");
		}
		List<String> snippets = recalled.hits().stream().map(MemoryHit::snippet).toList();

		String model = (request.model() != null) ? request.model() : profile.model();
		LlmRequest llmRequest = new LlmRequest(
				ChatMessage.listOf(
						PromptBuilder.messages(profile.persona(), past, request.message(), request.topic(), snippets)),
				model, request.maxTokens(), deadlineAt);
		// DESIGN §12: the commitment policy sees every model reply before it leaves.
		PolicyGate.Checked checked = this.policy.check(profile.persona(), llmRequest, this.llm.complete(llmRequest));
		LlmResult result = checked.result();
		String reply;
		List<String> quickReplies;
		if (result.outcome() == LlmResult.Outcome.OK) {
			reply = result.reply().reply();
			quickReplies = result.reply().quickReplies();
		}
		else {
			reply = profile.fallbackReply();
			quickReplies = List.of();
			String reason = checked.blocked() ? "policy_blocked"
					: (result.outcome() == LlmResult.Outcome.INVALID_OUTPUT) ? "llm_invalid_output" : "llm_unavailable";
			degradedReasons.add(reason);
			Counter.builder("agent.fallback").tag("reason", reason).register(this.meters).increment();
		}

		if (AiDisclosure.opensConversation(request.conversationId(), past)) {
			reply = AiDisclosure.prefix(profile.aiDisclosure(), reply);
		}

		long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		// The audit row and the memory outbox row commit together; delivery happens in
		// the background.
		// The conversation's change and events commit with them (DESIGN §11).
		ConversationTurns.Recorded recorded = this.turns.recordAnswered(
				new ExchangeRecord(clientId, profile.configId(), request.leadId(), request.conversationId(), requestId,
						request.message(), reply, quickReplies, result.model(), result.promptTokens(),
						result.completionTokens(), latencyMs, result.latencyMs(), result.attempts(),
						recalled.hits().size(), degradedReasons, checked.rules()),
				(result.outcome() == LlmResult.Outcome.OK) ? result.reply() : null);
		UUID exchangeId = recorded.exchangeId();

		String outcome = degradedReasons.isEmpty() ? "ok" : "degraded";
		Timer.builder("agent.reply")
			.description("Replies to lead messages")
			.tag("outcome", outcome)
			.publishPercentileHistogram()
			.register(this.meters)
			.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		log.atInfo()
			.addKeyValue("requestId", requestId)
			.addKeyValue("clientId", clientId)
			.addKeyValue("configId", profile.configId())
			.addKeyValue("model", result.model())
			.addKeyValue("outcome", outcome)
			.addKeyValue("degradedReasons", String.join(",", degradedReasons))
			.addKeyValue("policyRules", String.join(",", checked.rules()))
			.addKeyValue("latencyMs", latencyMs)
			.addKeyValue("llmAttempts", result.attempts())
			.addKeyValue("promptTokens", result.promptTokens())
			.addKeyValue("completionTokens", result.completionTokens())
			.log("exchange requestId={} clientId={} configId={} model={} outcome={} latencyMs={} promptTokens={} completionTokens={}",
					requestId, clientId, profile.configId(), result.model(), outcome, latencyMs, result.promptTokens(),
					result.completionTokens());

		List<ReplyResponse.MemoryDoc> docs = recalled.hits()
			.stream()
			.map(hit -> new ReplyResponse.MemoryDoc(hit.documentId(), hit.score(), hit.snippet()))
			.toList();
		return new ReplyResponse(reply, quickReplies, profile.configId(), docs, exchangeId, result.model(),
				!degradedReasons.isEmpty(), degradedReasons, recorded.handoff(), recorded.qualification(),
				recorded.conversationState());
	}

	/**
	 * A lead's message while staff have the conversation: recorded (reply {@code null}),
	 * no LLM call, no memory recall (DESIGN §11); the controller answers 202.
	 */
	private ReplyResponse held(UUID clientId, AgentProfile profile, ReplyRequest request, String requestId,
			long started) {
		long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		ConversationTurns.Recorded recorded = this.turns
			.recordHeld(new ExchangeRecord(clientId, profile.configId(), request.leadId(), request.conversationId(),
					requestId, request.message(), null, List.of(), null, null, null, latencyMs, 0, 0, 0, List.of()));
		Timer.builder("agent.reply")
			.description("Replies to lead messages")
			.tag("outcome", "held")
			.publishPercentileHistogram()
			.register(this.meters)
			.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		return new ReplyResponse(null, List.of(), profile.configId(), List.of(), recorded.exchangeId(), null, false,
				List.of(), null, recorded.qualification(), recorded.conversationState());
	}

}
