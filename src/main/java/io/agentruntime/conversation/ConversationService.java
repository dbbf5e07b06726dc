package io.agentruntime.conversation;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a conversation from the audit table ({@code agent_exchange}), this tenant only.
 */
@Service
class ConversationService {

	/**
	 * Exchanges returned at most, oldest first; a chat longer than this is not a
	 * realistic conversation.
	 */
	static final int MAX_EXCHANGES = 1000;

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final ObjectMapper mapper;

	ConversationService(JdbcClient jdbc, ObjectMapper mapper) {
		this.jdbc = jdbc;
		this.mapper = mapper;
	}

	/**
	 * The tenant's exchanges in this conversation, oldest first.
	 * @throws ConversationNotFound when the tenant has none (also when another tenant
	 * has)
	 */
	@Transactional(readOnly = true)
	List<ConversationExchange> exchanges(UUID clientId, String conversationId) {
		List<ConversationExchange> exchanges = this.jdbc
			.sql("""
					select id, message, reply, quick_replies, model, created_at, degraded_reasons, author from agent_exchange
					where client_id = :clientId and conversation_id = :conversationId
					order by created_at, id limit :limit
					""")
			.param("clientId", clientId)
			.param("conversationId", conversationId)
			.param("limit", MAX_EXCHANGES)
			.query((rs, row) -> new ConversationExchange(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
					strings(rs.getString(4)), rs.getString(5), rs.getObject(6, Timestamp.class).toInstant(),
					strings(rs.getString(7)), rs.getString(8)))
			.list();
		if (exchanges.isEmpty()) {
			throw new ConversationNotFound();
		}
		return exchanges;
	}

	private List<String> strings(String json) {
		try {
			return (json != null) ? this.mapper.readValue(json, STRINGS) : List.of();
		}
		catch (JsonProcessingException ex) {
			return List.of();
		}
	}

}
