package io.agentruntime.conversation;

import java.util.List;
import java.util.UUID;

import io.agentruntime.audit.ExchangeLog;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a conversation's exchanges from the audit log ({@link ExchangeLog}), this tenant
 * only.
 */
@Service
class ConversationService {

	/**
	 * Exchanges returned at most, oldest first; a chat longer than this is not a
	 * realistic conversation.
	 */
	static final int MAX_EXCHANGES = 1000;

	private final ExchangeLog exchanges;

	ConversationService(ExchangeLog exchanges) {
		this.exchanges = exchanges;
	}

	/**
	 * The tenant's exchanges in this conversation, oldest first.
	 * @throws ConversationNotFound when the tenant has none (also when another tenant
	 * has)
	 */
	@Transactional(readOnly = true)
	List<ConversationExchange> exchanges(UUID clientId, String conversationId) {
		List<ConversationExchange> exchanges = this.exchanges.conversation(clientId, conversationId, MAX_EXCHANGES)
			.stream()
			.map(exchange -> new ConversationExchange(exchange.exchangeId(), exchange.message(), exchange.reply(),
					exchange.quickReplies(), exchange.model(), exchange.createdAt(), exchange.degradedReasons(),
					exchange.author()))
			.toList();
		if (exchanges.isEmpty()) {
			throw new ConversationNotFound();
		}
		return exchanges;
	}

}
