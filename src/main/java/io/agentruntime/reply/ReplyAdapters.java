package io.agentruntime.reply;

import java.util.List;
import java.util.UUID;

import io.agentruntime.agentconfig.AgentConfigService;
import io.agentruntime.agentconfig.AgentProfile;
import io.agentruntime.conversation.ConversationHistory;
import io.agentruntime.audit.ExchangeRecord;
import io.agentruntime.conversation.ConversationTurns;
import io.agentruntime.lead.LeadService;
import io.agentruntime.llm.AgentReply;
import io.agentruntime.llm.LlmClient;
import io.agentruntime.memory.MemoryProperties;
import io.agentruntime.memory.MemoryRecall;
import io.agentruntime.memory.MemoryTags;
import io.agentruntime.policy.PolicyGate;
import io.agentruntime.prompt.PromptBuilder.PastExchange;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connects each {@link ReplyPorts port} of the reply to the feature that serves it: the
 * only place the reply calls other features' services, so a change of their API changes a
 * line here.
 */
@Configuration(proxyBeanMethods = false)
class ReplyAdapters {

	@Bean
	ReplyPorts.AgentProfiles replyAgentProfiles(AgentConfigService configs) {
		return (clientId) -> configs.activeProfile(clientId).orElseGet(AgentProfile::defaults);
	}

	@Bean
	ReplyPorts.Leads replyLeads(LeadService leads, MemoryProperties memory) {
		return (clientId, leadId) -> {
			if (leadId == null) {
				return ReplyPorts.Lead.NONE;
			}
			String email = leads.require(clientId, leadId).email();
			return new ReplyPorts.Lead(MemoryTags.leadKey(clientId, leadId, email, memory.leadKeySecret()),
					(email != null) ? email : "");
		};
	}

	@Bean
	ReplyPorts.Recollection replyRecollection(MemoryRecall recall, MemoryProperties memory) {
		return (clientId, leadKey, conversationId, query) -> recall.recall(clientId, leadKey,
				MemoryTags.conversationKey(clientId, conversationId, memory.leadKeySecret()), query);
	}

	@Bean
	ReplyPorts.Answers replyAnswers(LlmClient llm, PolicyGate policy) {
		// DESIGN §12: the commitment policy sees every model reply before it leaves.
		return (profile, request) -> policy.check(profile.persona(), request, llm.complete(request));
	}

	@Bean
	ReplyPorts.Turns replyTurns(ConversationTurns turns, ConversationHistory history) {
		return new ReplyPorts.Turns() {

			@Override
			public ConversationTurns.Opening opening(UUID clientId, String conversationId) {
				return turns.opening(clientId, conversationId);
			}

			@Override
			public List<PastExchange> recent(UUID clientId, String conversationId, ConversationTurns.Opening opening) {
				return history.recent(clientId, conversationId, opening);
			}

			@Override
			public ConversationTurns.Recorded recordAnswered(ExchangeRecord exchange, AgentReply reply,
					ConversationTurns.Opening opening, String leadEmail) {
				return turns.recordAnswered(exchange, reply, opening, leadEmail);
			}

			@Override
			public ConversationTurns.Recorded recordHeld(ExchangeRecord exchange) {
				return turns.recordHeld(exchange);
			}

		};
	}

}
