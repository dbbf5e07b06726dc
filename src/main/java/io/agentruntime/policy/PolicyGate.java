package io.agentruntime.policy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.llm.AgentReply;
import io.agentruntime.llm.ChatMessage;
import io.agentruntime.llm.LlmClient;
import io.agentruntime.llm.LlmRequest;
import io.agentruntime.llm.LlmResult;
import io.agentruntime.prompt.Persona;
import io.agentruntime.prompt.PromptBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Holds every model reply to the commitment policy before it leaves (DESIGN §12). A reply
 * that breaks a rule gets one repair call that names the rules; a repair that breaks one
 * too, or fails, is blocked and the caller sends the config's fallback reply. Quick
 * replies that break a rule are dropped (they are suggestions, not the answer).
 *
 * <p>
 * Counts {@code agent.policy.violations} per rule, tagged {@code outcome}
 * ({@code repaired}, {@code blocked}, {@code dropped}); never records the text that broke
 * a rule.
 */
@Component
public class PolicyGate {

	private final LlmClient llm;

	private final ObjectMapper mapper;

	private final MeterRegistry meters;

	PolicyGate(LlmClient llm, ObjectMapper mapper, MeterRegistry meters) {
		this.llm = llm;
		this.mapper = mapper;
		this.meters = meters;
	}

	/**
	 * Checks a model result and repairs it when needed.
	 * @param persona the persona, with the dealership's competitors and blocked phrases
	 * @param request the request that produced {@code result}; the repair call extends it
	 * and keeps its deadline
	 * @param result what the LLM client returned
	 * @return the result to answer with; unchanged when it is not a reply or passes
	 */
	public Checked check(Persona persona, LlmRequest request, LlmResult result) {
		if (result.outcome() != LlmResult.Outcome.OK) {
			return new Checked(result, List.of(), false);
		}
		PolicyTerms terms = PolicyTerms.of(persona.competitors(), persona.blockedPhrases());
		Set<PolicyRule> dropped = EnumSet.noneOf(PolicyRule.class);
		AgentReply first = withoutBrokenQuickReplies(result.reply(), terms, dropped);
		Set<PolicyRule> broken = CommitmentPolicy.check(first.reply(), terms);
		if (broken.isEmpty()) {
			count(dropped, "dropped");
			return new Checked(with(result, first), ids(dropped), false);
		}

		LlmResult repaired = this.llm.complete(repairRequest(request, result, first, broken));
		Set<PolicyRule> all = EnumSet.copyOf(broken);
		all.addAll(dropped);
		if (repaired.outcome() == LlmResult.Outcome.OK) {
			Set<PolicyRule> droppedAgain = EnumSet.noneOf(PolicyRule.class);
			AgentReply second = withoutBrokenQuickReplies(repaired.reply(), terms, droppedAgain);
			Set<PolicyRule> brokenAgain = CommitmentPolicy.check(second.reply(), terms);
			all.addAll(droppedAgain);
			all.addAll(brokenAgain);
			if (brokenAgain.isEmpty()) {
				count(all, "repaired");
				return new Checked(combine(result, repaired, second), ids(all), false);
			}
		}
		count(all, "blocked");
		return new Checked(combine(result, repaired, null), ids(all), true);
	}

	/**
	 * The original conversation, the offending answer as the model wrote it, and a user
	 * turn that names the broken rules and asks for the reply JSON again.
	 */
	private LlmRequest repairRequest(LlmRequest request, LlmResult result, AgentReply reply, Set<PolicyRule> broken) {
		List<ChatMessage> messages = new ArrayList<>(request.messages());
		messages.add(ChatMessage.assistant(json(reply)));
		String rules = broken.stream()
			.map(rule -> rule.id() + " (" + rule.explanation() + ")")
			.collect(Collectors.joining("; "));
		messages.add(ChatMessage.user("Your previous answer broke the dealership's policy: " + rules
				+ ". Write a new answer to the lead that breaks none of these rules and still offers one concrete "
				+ "next step. Respond with only a JSON object that matches this JSON schema: "
				+ PromptBuilder.REPLY_SCHEMA));
		return new LlmRequest(messages, result.model(), request.maxTokens(), request.deadline());
	}

	private static AgentReply withoutBrokenQuickReplies(AgentReply reply, PolicyTerms terms, Set<PolicyRule> dropped) {
		List<String> kept = new ArrayList<>();
		for (String quickReply : reply.quickReplies()) {
			Set<PolicyRule> broken = CommitmentPolicy.check(quickReply, terms);
			if (broken.isEmpty()) {
				kept.add(quickReply);
			}
			dropped.addAll(broken);
		}
		return (kept.size() == reply.quickReplies().size()) ? reply
				: new AgentReply(reply.reply(), kept, reply.handoff(), reply.qualification());
	}

	private static LlmResult with(LlmResult result, AgentReply reply) {
		return (reply == result.reply()) ? result : new LlmResult(result.outcome(), reply, result.model(),
				result.promptTokens(), result.completionTokens(), result.attempts(), result.latencyMs());
	}

	/**
	 * Both calls' tokens, attempts and time; the repaired reply and its model, or no
	 * reply and no model when blocked.
	 */
	private static LlmResult combine(LlmResult first, LlmResult repair, AgentReply reply) {
		LlmResult.Outcome outcome = (reply != null) ? LlmResult.Outcome.OK : LlmResult.Outcome.INVALID_OUTPUT;
		return new LlmResult(outcome, reply, (reply != null) ? repair.model() : null,
				sum(first.promptTokens(), repair.promptTokens()),
				sum(first.completionTokens(), repair.completionTokens()), first.attempts() + repair.attempts(),
				first.latencyMs() + repair.latencyMs());
	}

	private static Integer sum(Integer a, Integer b) {
		return (a == null) ? b : (b == null) ? a : Integer.valueOf(a + b);
	}

	private void count(Set<PolicyRule> rules, String outcome) {
		rules.forEach(rule -> Counter.builder("agent.policy.violations")
			.description("Replies that broke a commitment-policy rule")
			.tag("rule", rule.id())
			.tag("outcome", outcome)
			.register(this.meters)
			.increment());
	}

	private static List<String> ids(Set<PolicyRule> rules) {
		return rules.stream().map(PolicyRule::id).toList();
	}

	private String json(AgentReply reply) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("reply", reply.reply());
		body.put("quickReplies", reply.quickReplies());
		try {
			return this.mapper.writeValueAsString(body);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A result after the policy.
	 *
	 * @param result the result to answer with: the original, the repaired one, or (when
	 * blocked) one without a reply that carries both calls' usage
	 * @param rules ids of the rules broken by the reply, its repair or a dropped quick
	 * reply, in a stable order
	 * @param blocked whether the caller must send the fallback reply
	 * ({@code policy_blocked})
	 */
	public record Checked(LlmResult result, List<String> rules, boolean blocked) {
	}

}
