package io.agentruntime.reply;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.agentruntime.conversation.ConversationTurns;
import io.agentruntime.llm.ChatMessage;
import io.agentruntime.llm.LlmProperties;
import io.agentruntime.llm.LlmRequest;
import io.agentruntime.memory.MemoryHit;
import io.agentruntime.memory.MemoryRecall;
import io.agentruntime.policy.AiDisclosure;
import io.agentruntime.prompt.PromptBuilder;
import io.agentruntime.prompt.PromptBuilder.PastExchange;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.stereotype.Service;

/**
 * Answers a lead's message (DESIGN §1, §3): the tenant's persona, the conversation so
 * far, what memory recalls, a JSON reply from the LLM or the fallback reply, and the
 * audit row, committed before the answer leaves. No transaction spans an upstream call;
 * upstream faults degrade the reply, they never fail it. Each reply is one
 * {@code agent.reply} observation ({@link ReplyObservationConvention}); the other
 * features are reached through {@link ReplyPorts}.
 */
@Service
class AgentRuntimeService {

	/** Time kept back from the deadline for the audit commit after the LLM returns. */
	private static final Duration AUDIT_MARGIN = Duration.ofMillis(500);

	private final ReplyPorts.AgentProfiles profiles;

	private final ReplyPorts.Leads leads;

	private final ReplyPorts.Recollection recollection;

	private final ReplyPorts.Answers answers;

	private final ReplyPorts.Turns turns;

	private final Set<String> permittedModels;

	private final Duration deadline;

	private final ObservationRegistry observations;

	private final ReplyThreads threads;

	/**
	 * Conversations this instance last read as held by staff: a message to one of them is
	 * not recalled for before the reply knows ({@link #open}). Staff taking over through
	 * another instance cost one unused search; a release is seen on the next read.
	 */
	private final Cache<ConversationRef, Boolean> lastReadHeld = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterWrite(Duration.ofHours(1))
		.build();

	AgentRuntimeService(ReplyPorts.AgentProfiles profiles, ReplyPorts.Leads leads, ReplyPorts.Recollection recollection,
			ReplyPorts.Answers answers, ReplyPorts.Turns turns, LlmProperties llmProperties,
			ReplyProperties replyProperties, ObservationRegistry observations, ReplyThreads threads) {
		this.profiles = profiles;
		this.leads = leads;
		this.recollection = recollection;
		this.answers = answers;
		this.turns = turns;
		this.permittedModels = llmProperties.permittedModels();
		this.deadline = replyProperties.deadline();
		this.observations = observations;
		this.threads = threads;
	}

	ReplyResponse reply(UUID clientId, ReplyRequest request, String requestId) {
		long started = System.nanoTime();
		Instant deadlineAt = Instant.now().plus(this.deadline).minus(AUDIT_MARGIN);
		if (request.model() != null && !this.permittedModels.contains(request.model())) {
			throw new ModelNotAllowed();
		}
		// The conversation is read on a thread of its own while this one reads the lead
		// (when it is not cached) and searches memory, so neither read's round trip is on
		// the path to the LLM: memory's search takes tens of milliseconds, a read one
		// round trip, and under a full machine one round trip took up to 36 ms (issue
		// 15). The search thus starts before the reply knows whether staff have the
		// conversation: one this instance last read as held is read first, and nothing
		// is recalled for it, as before; otherwise a message that turns out to be held
		// has searched memory once, and its hits are dropped unused.
		ConversationRef ref = (request.conversationId() != null)
				? new ConversationRef(clientId, request.conversationId()) : null;
		CompletableFuture<ConversationTurns.Opening> reading = (ref != null && !lastReadAsHeld(ref))
				? this.threads.start(() -> this.turns.opening(clientId, ref.conversationId())) : null;
		ReplyPorts.Lead lead = this.leads.require(clientId, request.leadId());
		Turn turn = new Turn(clientId, request, requestId, lead.key(), lead.email(), this.profiles.active(clientId),
				started, deadlineAt);
		ReplyObservationContext context = new ReplyObservationContext();
		return Observation.createNotStarted(null, ReplyObservationConvention.DEFAULT, () -> context, this.observations)
			.observe(() -> open(turn, ref, reading, context));
	}

	/**
	 * Recalls memory and opens the conversation (read already when {@code reading} is
	 * given), then answers or holds the message.
	 */
	private ReplyResponse open(Turn turn, ConversationRef ref, CompletableFuture<ConversationTurns.Opening> reading,
			ReplyObservationContext context) {
		if (ref == null) {
			return answer(turn, ConversationTurns.Opening.NEW, recall(turn), context);
		}
		MemoryRecall.Recall recalled = (reading != null) ? recall(turn) : null;
		ConversationTurns.Opening opening = (reading != null) ? ReplyThreads.join(reading)
				: this.turns.opening(turn.clientId(), ref.conversationId());
		if (opening.staffHandles()) {
			this.lastReadHeld.put(ref, Boolean.TRUE);
			return held(turn, context);
		}
		this.lastReadHeld.invalidate(ref);
		return answer(turn, opening, (recalled != null) ? recalled : recall(turn), context);
	}

	private boolean lastReadAsHeld(ConversationRef ref) {
		return this.lastReadHeld.getIfPresent(ref) != null;
	}

	private MemoryRecall.Recall recall(Turn turn) {
		return this.recollection.recall(turn.clientId(), turn.leadKey(), turn.request().conversationId(), turn.query());
	}

	/** The model's answer, or the fallback reply, recorded and logged. */
	private ReplyResponse answer(Turn turn, ConversationTurns.Opening opening, MemoryRecall.Recall recalled,
			ReplyObservationContext context) {
		ReplyRequest request = turn.request();
		List<PastExchange> past = this.turns.recent(turn.clientId(), request.conversationId(), opening);
		List<String> snippets = recalled.hits().stream().map(MemoryHit::snippet).toList();
		LlmRequest prompt = new LlmRequest(ChatMessage.listOf(
				PromptBuilder.messages(turn.profile().persona(), past, request.message(), request.topic(), snippets)),
				turn.model(), request.maxTokens(), turn.deadline());
		Answer answer = Answer.of(this.answers.answer(turn.profile(), prompt), turn.profile(), recalled.unavailable());
		if (AiDisclosure.opensConversation(request.conversationId(), past)) {
			answer = answer.disclosed(turn.profile().aiDisclosure());
		}
		context.answered(answer.degraded(), answer.fallbackReason());
		long latencyMs = turn.latencyMs();
		// The audit row, the memory outbox row and the conversation's change and events
		// commit together (DESIGN §11), in one statement when the conversation is as
		// opened (DESIGN §15); memory delivery happens in the background.
		ConversationTurns.Recorded recorded = this.turns.recordAnswered(
				turn.answered(answer, recalled.hits().size(), latencyMs), answer.modelReply(), opening,
				turn.leadEmail());
		ExchangeLogLine.answered(turn, answer, latencyMs);
		return answer.response(turn.profile(), recalled.hits(), recorded);
	}

	/**
	 * A lead's message while staff have the conversation: recorded (reply {@code null}),
	 * no LLM call, no memory recall (DESIGN §11); the controller answers 202.
	 */
	private ReplyResponse held(Turn turn, ReplyObservationContext context) {
		context.held();
		ConversationTurns.Recorded recorded = this.turns.recordHeld(turn.held());
		return new ReplyResponse(null, List.of(), turn.profile().configId(), List.of(), recorded.exchangeId(), null,
				false, List.of(), null, recorded.qualification(), recorded.conversationState());
	}

	/** A tenant's conversation. */
	private record ConversationRef(UUID clientId, String conversationId) {
	}

}
