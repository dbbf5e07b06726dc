package io.agentruntime.conversation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.llm.Qualification;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code conversation} and {@code conversation_event} tables, this tenant only; the
 * callers own the transactions (DESIGN §11: every change appends its events in the same
 * transaction).
 */
@Repository
class ConversationStore {

	private static final String COLUMNS = "client_id, conversation_id, lead_id, state, assignee, qualification, "
			+ "handoff_reason, qualified_at, last_message_at, version";

	private final JdbcClient jdbc;

	private final ObjectMapper mapper;

	ConversationStore(JdbcClient jdbc, ObjectMapper mapper) {
		this.jdbc = jdbc;
		this.mapper = mapper;
	}

	/** The tenant's conversation, or empty (also for another tenant's). */
	Optional<Conversation> find(UUID clientId, String conversationId) {
		return this.jdbc
			.sql("select " + COLUMNS
					+ " from conversation where client_id = :clientId and conversation_id = :conversationId")
			.param("clientId", clientId)
			.param("conversationId", conversationId)
			.query(this::conversation)
			.optional();
	}

	/**
	 * Who answers the tenant's conversation and when it started (its first turn's
	 * transaction), in one read; empty when it has no row yet.
	 */
	Optional<ConversationTurns.Opening> opening(UUID clientId, String conversationId) {
		return this.jdbc
			.sql("select state, created_at from conversation"
					+ " where client_id = :clientId and conversation_id = :conversationId")
			.param("clientId", clientId)
			.param("conversationId", conversationId)
			.query((rs, row) -> new ConversationTurns.Opening(
					ConversationState.of(rs.getString(1)) == ConversationState.HUMAN, rs.getTimestamp(2).toInstant()))
			.optional();
	}

	/**
	 * The tenant's conversation, created in state {@code ai} when it is new, its row
	 * locked until the caller's transaction ends: lead messages of one conversation that
	 * arrive together (a double send, a busy widget) wait a few milliseconds for each
	 * other instead of failing their optimistic update after the LLM already answered.
	 */
	Conversation lockOrCreate(UUID clientId, String conversationId, String leadId) {
		Optional<Conversation> locked = locked(clientId, conversationId);
		if (locked.isPresent()) {
			return locked.get();
		}
		this.jdbc
			.sql("""
					insert into conversation (client_id, conversation_id, lead_id) values (:clientId, :conversationId, :leadId)
					on conflict (client_id, conversation_id) do nothing
					""")
			.param("clientId", clientId)
			.param("conversationId", conversationId)
			.param("leadId", leadId)
			.update();
		return locked(clientId, conversationId).orElseThrow();
	}

	private Optional<Conversation> locked(UUID clientId, String conversationId) {
		return this.jdbc
			.sql("select " + COLUMNS
					+ " from conversation where client_id = :clientId and conversation_id = :conversationId for update")
			.param("clientId", clientId)
			.param("conversationId", conversationId)
			.query(this::conversation)
			.optional();
	}

	/**
	 * Writes a change when nobody else changed the row since it was read.
	 * @param next the row to write, carrying the version it was read with
	 * @param leadId a lead to attach when the conversation has none yet, or {@code null}
	 * @return false when the version moved on (optimistic locking)
	 */
	boolean update(Conversation next, String leadId) {
		return this.jdbc.sql("""
				update conversation set lead_id = coalesce(lead_id, :leadId), state = :state, assignee = :assignee,
				    qualification = cast(:qualification as jsonb), handoff_reason = :handoffReason,
				    qualified_at = :qualifiedAt, last_message_at = :lastMessageAt, updated_at = now(),
				    version = version + 1
				where client_id = :clientId and conversation_id = :conversationId and version = :version
				""")
			.param("leadId", leadId)
			.param("state", next.state().value())
			.param("assignee", next.assignee())
			.param("qualification", (next.qualification().isEmpty()) ? null : json(next.qualification()))
			.param("handoffReason", next.handoffReason())
			.param("qualifiedAt", timestamp(next.qualifiedAt()))
			.param("lastMessageAt", timestamp(next.lastMessageAt()))
			.param("clientId", next.clientId())
			.param("conversationId", next.conversationId())
			.param("version", next.version())
			.update() == 1;
	}

	/** Appends events of a conversation, in order. */
	void append(UUID clientId, String conversationId, List<ConversationEvent> events) {
		for (ConversationEvent event : events) {
			this.jdbc.sql("""
					insert into conversation_event (client_id, conversation_id, type, payload)
					values (:clientId, :conversationId, :type, cast(:payload as jsonb))
					""")
				.param("clientId", clientId)
				.param("conversationId", conversationId)
				.param("type", event.type())
				.param("payload", json(event.payload()))
				.update();
		}
	}

	/**
	 * A page of the tenant's conversations, newest activity first.
	 * @param state only this state, or {@code null} for all
	 * @param after the keyset position to continue after, or {@code null} for the first
	 * page
	 * @param limit rows at most
	 */
	List<Conversation> page(UUID clientId, ConversationState state, ConversationCursor after, int limit) {
		StringBuilder sql = new StringBuilder("select " + COLUMNS + " from conversation where client_id = :clientId");
		if (state != null) {
			sql.append(" and state = :state");
		}
		if (after != null) {
			sql.append(" and (last_message_at, conversation_id) < (:afterAt, :afterId)");
		}
		sql.append(" order by last_message_at desc, conversation_id desc limit :limit");
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql.toString())
			.param("clientId", clientId)
			.param("limit", limit);
		if (state != null) {
			statement = statement.param("state", state.value());
		}
		if (after != null) {
			statement = statement.param("afterAt", Timestamp.from(after.lastMessageAt()))
				.param("afterId", after.conversationId());
		}
		return statement.query(this::conversation).list();
	}

	private Conversation conversation(ResultSet rs, int row) throws SQLException {
		String qualification = rs.getString("qualification");
		return new Conversation(rs.getObject("client_id", UUID.class), rs.getString("conversation_id"),
				rs.getString("lead_id"), ConversationState.of(rs.getString("state")), rs.getString("assignee"),
				(qualification != null) ? read(qualification) : Qualification.NONE, rs.getString("handoff_reason"),
				instant(rs.getTimestamp("qualified_at")), instant(rs.getTimestamp("last_message_at")),
				rs.getLong("version"));
	}

	private Qualification read(String json) {
		try {
			return this.mapper.readValue(json, Qualification.class);
		}
		catch (JsonProcessingException ex) {
			return Qualification.NONE;
		}
	}

	private String json(Object value) {
		try {
			return this.mapper.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

}
