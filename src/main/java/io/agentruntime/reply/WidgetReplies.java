package io.agentruntime.reply;

import java.util.UUID;

import io.agentruntime.tenant.ConversationTokenRejected;
import io.agentruntime.tenant.ConversationTokens;
import io.agentruntime.tenant.TenantPrincipal;

import org.springframework.stereotype.Component;

/**
 * Replies to widget credentials (DESIGN §2): a browser names no lead (only a JWT its
 * dealership signed binds one), continues a conversation only with that conversation's
 * token, and never sees memory documents. Everything else is the ordinary reply.
 */
@Component
class WidgetReplies {

	/** Marks conversation ids the service made up for widgets. */
	static final String CONVERSATION_PREFIX = "w-";

	private final AgentRuntimeService runtime;

	private final ConversationTokens tokens;

	WidgetReplies(AgentRuntimeService runtime, ConversationTokens tokens) {
		this.runtime = runtime;
		this.tokens = tokens;
	}

	/**
	 * @param principal a widget credential
	 * @param request what the browser sent
	 * @param conversationToken the {@code X-Conversation-Token} header, or {@code null}
	 * @param requestId the request's id
	 * @return the answer with its conversation id and token, without memory documents
	 * @throws LeadIdFromWidget when the request names a lead
	 * @throws ConversationTokenRejected when it names a conversation without its token
	 */
	ReplyResponse reply(TenantPrincipal principal, ReplyRequest request, String conversationToken, String requestId) {
		if (request.leadId() != null) {
			throw new LeadIdFromWidget();
		}
		UUID clientId = principal.requireClientId();
		String conversationId = request.conversationId();
		if (conversationId == null) {
			conversationId = CONVERSATION_PREFIX + UUID.randomUUID();
		}
		else {
			// Same answer for a missing, a wrong and a foreign token, and whether or not
			// the conversation exists: nothing to learn by guessing.
			this.tokens.requireAccess(principal, conversationId, conversationToken);
		}
		ReplyRequest bound = new ReplyRequest(request.message(), principal.leadId(), conversationId, request.topic(),
				request.model(), request.maxTokens());
		return this.runtime.reply(clientId, bound, requestId)
			.forWidget(conversationId, this.tokens.issue(clientId, conversationId));
	}

}
