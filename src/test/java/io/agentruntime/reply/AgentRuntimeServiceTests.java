package io.agentruntime.reply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.agentruntime.agentconfig.AgentProfile;
import io.agentruntime.audit.ExchangeRecord;
import io.agentruntime.conversation.ConversationTurns;
import io.agentruntime.lead.LeadNotFound;
import io.agentruntime.llm.AgentReply;
import io.agentruntime.llm.ChatMessage;
import io.agentruntime.llm.LlmProperties;
import io.agentruntime.llm.LlmRequest;
import io.agentruntime.llm.LlmResult;
import io.agentruntime.memory.MemoryHit;
import io.agentruntime.memory.MemoryRecall;
import io.agentruntime.policy.PolicyGate;
import io.agentruntime.prompt.PromptBuilder.PastExchange;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reply orchestration on its own (DESIGN §3, §5, §6, §11, §12): every port of
 * {@link AgentRuntimeService} is a fake, so each path reads as what the lead gets, what
 * the audit records and what the metrics count, without Spring or a database. The
 * integration tests show the same paths through the real features.
 */
class AgentRuntimeServiceTests {

	private static final UUID CLIENT = UUID.randomUUID();

	private static final String MODEL = "openai/gpt-4o-mini";

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final FakeTurns turns = new FakeTurns();

	private final List<LlmRequest> llmCalls = new ArrayList<>();

	private final List<String> recalls = new ArrayList<>();

	private final CountDownLatch recallStarted = new CountDownLatch(1);

	private AgentProfile profile = AgentProfile.defaults();

	private boolean memoryDown;

	private LlmResult llmResult = ok("The red F-150 is in stock.", "Book a test drive");

	private boolean policyBlocks;

	private AgentRuntimeService service;

	@BeforeEach
	void wire() {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig()
			.observationHandler(new DefaultMeterObservationHandler(this.meters))
			.observationHandler(new FallbackMetrics(this.meters));
		ReplyPorts.Leads leads = (clientId, leadId) -> {
			if (leadId != null && !leadId.equals("lead-1")) {
				throw new LeadNotFound();
			}
			return (leadId != null) ? new ReplyPorts.Lead("key-of-" + leadId, "") : ReplyPorts.Lead.NONE;
		};
		ReplyPorts.Recollection recollection = (clientId, leadKey, conversationId, query) -> {
			this.recalls.add(query);
			this.recallStarted.countDown();
			return this.memoryDown ? new MemoryRecall.Recall(List.of(), true) : new MemoryRecall.Recall(
					List.of(new MemoryHit("doc-1", 0.9, "Asked about the red F-150", Map.of())), false);
		};
		ReplyPorts.Answers answers = (persona, request) -> {
			this.llmCalls.add(request);
			return this.policyBlocks
					? new PolicyGate.Checked(new LlmResult(LlmResult.Outcome.INVALID_OUTPUT, null, null, 20, 10, 2, 40),
							List.of("price_commitment"), true)
					: new PolicyGate.Checked(this.llmResult, List.of(), false);
		};
		LlmProperties llm = new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("agent.llm",
				LlmProperties.class);
		ReplyProperties properties = new ReplyProperties(Duration.ofSeconds(20), 10);
		this.service = new AgentRuntimeService((clientId) -> this.profile, leads, recollection, answers, this.turns,
				llm, properties, observations, new ReplyThreads(properties, () -> 1, 5, false));
	}

	@Test
	void answersWithTheModelsReplyAndAuditsIt() {
		ReplyResponse response = reply("Is the red F-150 available?", "lead-1", null);

		assertThat(response.reply()).startsWith(AgentProfile.DEFAULT_AI_DISCLOSURE)
			.endsWith("The red F-150 is in stock.");
		assertThat(response.quickReplies()).containsExactly("Book a test drive");
		assertThat(response.degraded()).isFalse();
		assertThat(response.model()).isEqualTo(MODEL);
		assertThat(response.memoryContextDocs()).extracting(ReplyResponse.MemoryDoc::id).containsExactly("doc-1");
		assertThat(this.llmCalls).singleElement()
			.satisfies(call -> assertThat(call.messages().stream().map(ChatMessage::content).toList().toString())
				.contains("Is the red F-150 available?", "Asked about the red F-150"));
		ExchangeRecord audited = this.turns.answered.get(0);
		assertThat(audited.reply()).isEqualTo(response.reply());
		assertThat(audited.leadId()).isEqualTo("lead-1");
		assertThat(audited.memoryDocs()).isEqualTo(1);
		assertThat(audited.promptTokens()).isEqualTo(120);
		assertThat(response.exchangeId()).isEqualTo(this.turns.exchangeId);
		assertThat(replies("ok")).isEqualTo(1);
	}

	@Test
	void recordsButDoesNotAnswerWhileStaffHaveTheConversation() {
		this.turns.staffHandles = true;

		ReplyResponse response = reply("Can someone call me?", null, "conv-1");

		assertThat(response.held()).isTrue();
		assertThat(response.conversationState()).isEqualTo("human");
		assertThat(response.memoryContextDocs()).isEmpty();
		assertThat(this.llmCalls).as("no LLM call").isEmpty();
		assertThat(this.turns.held).singleElement().satisfies(held -> {
			assertThat(held.message()).isEqualTo("Can someone call me?");
			assertThat(held.reply()).isNull();
		});
		assertThat(this.turns.answered).isEmpty();
		assertThat(replies("held")).isEqualTo(1);
	}

	@Test
	void searchesMemoryWhileTheConversationIsRead() {
		// The read waits until memory is being searched: a reply that read first and
		// searched after would never get past it.
		this.turns.beforeOpening = () -> await(this.recallStarted);

		ReplyResponse response = reply("Is the red F-150 available?", null, "conv-1");

		assertThat(response.memoryContextDocs()).extracting(ReplyResponse.MemoryDoc::id).containsExactly("doc-1");
		assertThat(this.turns.openings).hasValue(1);
	}

	@Test
	void searchesNoMemoryForAConversationLastReadAsHeld() {
		this.turns.staffHandles = true;
		reply("Can someone call me?", null, "conv-1");
		this.recalls.clear();

		ReplyResponse second = reply("Hello?", null, "conv-1");

		assertThat(second.held()).isTrue();
		assertThat(this.recalls).as("no memory recall once the conversation is known to be held").isEmpty();

		this.turns.staffHandles = false;
		ReplyResponse released = reply("Thanks, what about financing?", null, "conv-1");

		assertThat(released.held()).isFalse();
		assertThat(released.memoryContextDocs()).extracting(ReplyResponse.MemoryDoc::id).containsExactly("doc-1");
		assertThat(this.recalls).containsExactly("Thanks, what about financing?");
	}

	@Test
	void answers503WhenTheConversationCannotBeRead() {
		this.turns.beforeOpening = () -> {
			throw new DataAccessResourceFailureException("database down");
		};

		assertThatThrownBy(() -> reply("Hello?", null, "conv-1"))
			.isInstanceOf(DataAccessResourceFailureException.class);
		assertThat(this.llmCalls).isEmpty();
		assertThat(this.turns.answered).isEmpty();
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("memory was not searched while the conversation was read");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void answersDegradedWithoutMemoryWhenRecallFails() {
		this.memoryDown = true;

		ReplyResponse response = reply("Any offers this week?", null, null);

		assertThat(response.reply()).endsWith("The red F-150 is in stock.");
		assertThat(response.degraded()).isTrue();
		assertThat(response.degradedReasons()).containsExactly("memory_unavailable");
		assertThat(response.memoryContextDocs()).isEmpty();
		assertThat(this.turns.answered.get(0).degradedReasons()).containsExactly("memory_unavailable");
		assertThat(replies("degraded")).isEqualTo(1);
		assertThat(this.meters.find("agent.fallback").counters()).as("the model's reply was sent").isEmpty();
	}

	@Test
	void sendsTheFallbackReplyWhenTheLlmIsUnavailable() {
		this.profile = new AgentProfile(UUID.randomUUID(), "Ava", null, null, null, List.of(), List.of(), null, null,
				"A colleague will call you back.", null, null, "");
		this.llmResult = new LlmResult(LlmResult.Outcome.UNAVAILABLE, null, null, null, null, 3, 900);

		ReplyResponse response = reply("Is the blue Mustang in stock?", null, null);

		assertThat(response.reply()).isEqualTo("A colleague will call you back.");
		assertThat(response.quickReplies()).isEmpty();
		assertThat(response.model()).isNull();
		assertThat(response.degradedReasons()).containsExactly("llm_unavailable");
		assertThat(response.usedConfigId()).isEqualTo(this.profile.configId());
		ExchangeRecord audited = this.turns.answered.get(0);
		assertThat(audited.reply()).isEqualTo("A colleague will call you back.");
		assertThat(audited.llmAttempts()).isEqualTo(3);
		assertThat(this.turns.modelReplies).containsExactly((AgentReply) null);
		assertThat(fallbacks("llm_unavailable")).isEqualTo(1);
		assertThat(replies("degraded")).isEqualTo(1);
	}

	@Test
	void sendsTheFallbackReplyWhenThePolicyBlocksTheModelsReply() {
		this.policyBlocks = true;

		ReplyResponse response = reply("Can you promise me $199 a month?", null, null);

		assertThat(response.reply()).endsWith(AgentProfile.DEFAULT_FALLBACK_REPLY);
		assertThat(response.degradedReasons()).containsExactly("policy_blocked");
		ExchangeRecord audited = this.turns.answered.get(0);
		assertThat(audited.policyRules()).containsExactly("price_commitment");
		assertThat(audited.model()).isNull();
		assertThat(fallbacks("policy_blocked")).isEqualTo(1);
	}

	@Test
	void refusesAModelOutsideTheAllowedListBeforeCallingAnything() {
		ReplyRequest request = new ReplyRequest("Hi", null, null, null, "someone/else", null);

		assertThatThrownBy(() -> this.service.reply(CLIENT, request, "req-1")).isInstanceOf(ModelNotAllowed.class);
		assertThat(this.llmCalls).isEmpty();
		assertThat(this.turns.answered).isEmpty();
	}

	@Test
	void refusesAnUnknownLeadBeforeCallingAnything() {
		assertThatThrownBy(() -> reply("Hi", "lead-unknown", null)).isInstanceOf(LeadNotFound.class);
		assertThat(this.llmCalls).isEmpty();
		assertThat(this.turns.answered).isEmpty();
	}

	@Test
	void countsAReplyThatThrewAsAnError() {
		this.turns.failing = true;

		assertThatThrownBy(() -> reply("Hi", null, null)).isInstanceOf(IllegalStateException.class);
		assertThat(replies("error")).isEqualTo(1);
	}

	private ReplyResponse reply(String message, String leadId, String conversationId) {
		return this.service.reply(CLIENT, new ReplyRequest(message, leadId, conversationId, null, null, null), "req-1");
	}

	private long replies(String outcome) {
		return this.meters.get("agent.reply").tag("outcome", outcome).timer().count();
	}

	private double fallbacks(String reason) {
		return this.meters.get("agent.fallback").tag("reason", reason).counter().count();
	}

	private static LlmResult ok(String reply, String quickReply) {
		return new LlmResult(LlmResult.Outcome.OK, new AgentReply(reply, List.of(quickReply)), MODEL, 120, 30, 1, 250);
	}

	/** The conversation and audit port: remembers what was recorded. */
	private static final class FakeTurns implements ReplyPorts.Turns {

		final UUID exchangeId = UUID.randomUUID();

		final List<ExchangeRecord> answered = new ArrayList<>();

		final List<AgentReply> modelReplies = new ArrayList<>();

		final List<ExchangeRecord> held = new ArrayList<>();

		boolean staffHandles;

		boolean failing;

		final AtomicInteger openings = new AtomicInteger();

		volatile Runnable beforeOpening = () -> {
		};

		@Override
		public ConversationTurns.Opening opening(UUID clientId, String conversationId) {
			this.openings.incrementAndGet();
			this.beforeOpening.run();
			return new ConversationTurns.Opening(this.staffHandles && conversationId != null, null);
		}

		@Override
		public List<PastExchange> recent(UUID clientId, String conversationId, ConversationTurns.Opening opening) {
			return List.of();
		}

		@Override
		public ConversationTurns.Recorded recordAnswered(ExchangeRecord exchange, AgentReply reply,
				ConversationTurns.Opening opening, String leadEmail) {
			if (this.failing) {
				throw new IllegalStateException("database down");
			}
			this.answered.add(exchange);
			this.modelReplies.add(reply);
			return new ConversationTurns.Recorded(this.exchangeId, null, null, null);
		}

		@Override
		public ConversationTurns.Recorded recordHeld(ExchangeRecord exchange) {
			this.held.add(exchange);
			return new ConversationTurns.Recorded(this.exchangeId, "human", null, null);
		}

	}

}
