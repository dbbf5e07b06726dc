package io.agentruntime.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.prompt.PromptBuilder.PastExchange;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The earlier exchanges of a conversation, read from the audit table, this tenant only.
 */
@Service
public class ConversationHistory {

	/** Exchanges put before the current message at most (DESIGN §4). */
	public static final int HISTORY_EXCHANGES = 6;

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final ObjectMapper mapper;

	ConversationHistory(JdbcClient jdbc, ObjectMapper mapper) {
		this.jdbc = jdbc;
		this.mapper = mapper;
	}

	/**
	 * The last {@value #HISTORY_EXCHANGES} exchanges with text, oldest first: the
	 * agent's, the lead's messages while staff had the conversation, and staff messages
	 * (DESIGN §11). With one partition per day, an unbounded read probes every
	 * partition's index; a live conversation's turns are in the newest days, so those are
	 * read first and the older partitions only when they did not hold enough turns (a
	 * one-time filter: PostgreSQL skips that branch otherwise).
	 */
	public List<PastExchange> recent(UUID clientId, String conversationId) {
		List<PastExchange> newestFirst = this.jdbc.sql("""
				with recent as (
				    select message, reply, quick_replies, author, created_at from agent_exchange
				    where client_id = :clientId and conversation_id = :conversationId
				      and (message is not null or reply is not null)
				      and created_at >= now() - interval '2 days'
				    order by created_at desc limit :limit)
				select message, reply, quick_replies, author from (
				    select * from recent
				    union all
				    (select message, reply, quick_replies, author, created_at from agent_exchange
				     where client_id = :clientId and conversation_id = :conversationId
				       and (message is not null or reply is not null)
				       and created_at < now() - interval '2 days'
				       and (select count(*) from recent) < :limit
				     order by created_at desc limit :limit)) turns
				order by created_at desc limit :limit
				""")
			.param("clientId", clientId)
			.param("conversationId", conversationId)
			.param("limit", HISTORY_EXCHANGES)
			.query((rs, row) -> new PastExchange(rs.getString(1), rs.getString(2), strings(rs.getString(3)),
					rs.getString(4)))
			.list();
		List<PastExchange> oldestFirst = new ArrayList<>(newestFirst);
		Collections.reverse(oldestFirst);
		return oldestFirst;
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
