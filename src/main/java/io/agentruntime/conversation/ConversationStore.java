package io.agentruntime.conversation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.audit.ExchangeLog;
import io.agentruntime.audit.ExchangeRecorder;
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

	/** {@link #COLUMNS} of the table aliased {@code c}. */
	private static final String QUALIFIED_COLUMNS = "c." + COLUMNS.replace(", ", ", c.");

	/**
	 * The read of {@link #opening} over a window of days: its text depends on the window
	 * alone, so it is built once a day, not per reply (formatting it per reply was
	 * measurable, issue 15 profile).
	 */
	private static String openingSql(ExchangeLog.Days days) {
		return "select " + QUALIFIED_COLUMNS + ", c.created_at, t.* from conversation c left join lateral ("
				+ ExchangeLog.latestTurnsLateral("c.client_id", "c.conversation_id", "c.created_at",
						ConversationHistory.HISTORY_EXCHANGES, days)
				+ ") t on true where c.client_id = :clientId and c.conversation_id = :conversationId"
				+ " order by t.turn_created_at desc";
	}

	/** The read of recent conversations, for the current day. */
	private volatile Window recent;

	private final JdbcClient jdbc;

	private final ObjectMapper mapper;

	private final ExchangeLog exchanges;

	/**
	 * {@link #joinedCtes} by shape: a new row or an existing one, the guard (one of the
	 * one statement's few fixed conditions, never a reply's values) and one to four
	 * events, so a handful of entries.
	 */
	private final Map<CtesShape, String> joinedCtes = new ConcurrentHashMap<>();

	ConversationStore(JdbcClient jdbc, ObjectMapper mapper, ExchangeLog exchanges) {
		this.jdbc = jdbc;
		this.mapper = mapper;
		this.exchanges = exchanges;
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
	 * The tenant's conversation as a reply opens it: the whole row (who answers, its
	 * version, what is known), when it started (its first turn's transaction) and its
	 * latest turns for the prompt, in one read (DESIGN §15); empty when it has no row
	 * yet.
	 */
	Optional<ConversationTurns.Opening> opening(UUID clientId, String conversationId) {
		Window window = recentWindow();
		Optional<ConversationTurns.Opening> opening = opening(window.sql(), clientId, conversationId);
		// A conversation older than the window may have turns before it: read again over
		// the days since it started (rare: a lead back after days).
		if (opening.isPresent() && opening.get().turns().size() < ConversationHistory.HISTORY_EXCHANGES
				&& window.days().startsAfter(opening.get().startedAt())) {
			LocalDate started = LocalDate.ofInstant(opening.get().startedAt(), ZoneOffset.UTC);
			return opening(openingSql(window.days().from(started)), clientId, conversationId);
		}
		return opening;
	}

	private Window recentWindow() {
		Window window = this.recent;
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		ExchangeLog.Days days = ExchangeLog.Days.around(today);
		if (window == null || !window.days().equals(days)) {
			window = new Window(days, openingSql(days));
			this.recent = window;
		}
		return window;
	}

	private Optional<ConversationTurns.Opening> opening(String sql, UUID clientId, String conversationId) {
		return this.jdbc.sql(sql)
			.param("clientId", clientId)
			.param("conversationId", conversationId)
			.query((ResultSet rs) -> {
				if (!rs.next()) {
					return Optional.<ConversationTurns.Opening>empty();
				}
				Conversation conversation = conversation(rs, 0);
				Instant startedAt = instant(rs, "created_at");
				List<ExchangeLog.Turn> newestFirst = new ArrayList<>();
				do {
					ExchangeLog.Turn turn = this.exchanges.turn(rs);
					if (turn != null) {
						newestFirst.add(turn);
					}
				}
				while (rs.next());
				return Optional.of(new ConversationTurns.Opening(conversation, startedAt, newestFirst));
			});
	}

	/** A window of days and the read of {@link #opening} over it. */
	private record Window(ExchangeLog.Days days, String sql) {
	}

	/**
	 * A turn's change as CTEs of the exchange's one statement (DESIGN §15): {@code conv}
	 * writes the row, updated only when its version is still the one read (or inserted
	 * when it has no row yet and nobody created one meanwhile), and {@code conv_events}
	 * appends the events in order, only when {@code conv} wrote.
	 * @param change the change, computed from the row as the reply opened it
	 * @param leadId a lead to attach when the conversation has none yet, or {@code null}
	 * @param isNew whether the conversation had no row when the reply opened it
	 * @param guard the condition under which anything may be written
	 */
	ExchangeRecorder.Joined joined(ConversationRules.Change change, String leadId, boolean isNew, String guard) {
		Conversation next = change.next();
		Map<String, Object> params = new HashMap<>();
		params.put("convClientId", next.clientId());
		params.put("convConversationId", next.conversationId());
		params.put("convLeadId", leadId);
		params.put("convState", next.state().value());
		params.put("convAssignee", next.assignee());
		params.put("convQualification", (next.qualification().isEmpty()) ? null : json(next.qualification()));
		params.put("convHandoffReason", next.handoffReason());
		params.put("convQualifiedAt", timestamp(next.qualifiedAt()));
		params.put("convLastMessageAt", timestamp(next.lastMessageAt()));
		params.put("convVersion", next.version());
		// One VALUES row per event (a turn has one to four): no JSON array to parse and
		// unnest in the statement (issue 15 profile).
		for (int n = 0; n < change.events().size(); n++) {
			ConversationEvent event = change.events().get(n);
			params.put("convEventType" + n, event.type());
			params.put("convEventPayload" + n, json(event.payload()));
		}
		String ctes = this.joinedCtes.computeIfAbsent(new CtesShape(isNew, guard, change.events().size()),
				ConversationStore::joinedCtes);
		return new ExchangeRecorder.Joined(ctes, "exists (select 1 from conv)", params);
	}

	/**
	 * The CTEs of {@link #joined} for one shape: the text depends only on whether the row
	 * is new, on the guard (one of the few conditions of
	 * {@code ExchangeRecorder.recordInOneStatement}) and on the number of events, so it
	 * is built once for each (issue 15 profile).
	 */
	private static String joinedCtes(CtesShape shape) {
		String guard = shape.guard();
		boolean isNew = shape.isNew();
		String write = isNew ? """
				insert into conversation (client_id, conversation_id, lead_id, state, assignee, qualification,
				    handoff_reason, qualified_at, last_message_at, version)
				select cast(:convClientId as uuid), cast(:convConversationId as varchar), cast(:convLeadId as varchar),
				    cast(:convState as varchar), cast(:convAssignee as varchar), cast(:convQualification as jsonb),
				    cast(:convHandoffReason as varchar), cast(:convQualifiedAt as timestamptz),
				    cast(:convLastMessageAt as timestamptz), cast(:convVersion as bigint) + 1
				where %s
				on conflict (client_id, conversation_id) do nothing
				returning 1
				""".formatted(guard)
				: """
						update conversation set lead_id = coalesce(lead_id, cast(:convLeadId as varchar)),
						    state = cast(:convState as varchar), assignee = cast(:convAssignee as varchar),
						    qualification = cast(:convQualification as jsonb), handoff_reason = cast(:convHandoffReason as varchar),
						    qualified_at = cast(:convQualifiedAt as timestamptz),
						    last_message_at = cast(:convLastMessageAt as timestamptz), updated_at = now(), version = version + 1
						where client_id = cast(:convClientId as uuid) and conversation_id = cast(:convConversationId as varchar)
						  and version = cast(:convVersion as bigint) and %s
						returning 1
						"""
					.formatted(guard);
		return "conv as (" + write + "), conv_events as (" + """
				insert into conversation_event (client_id, conversation_id, type, payload)
				select cast(:convClientId as uuid), cast(:convConversationId as varchar), e.type, e.payload
				from (values %s) as e(n, type, payload)
				where e.type is not null and exists (select 1 from conv)
				order by e.n
				""".formatted(eventRows(shape.events())) + ")";
	}

	/** One VALUES row per event, its type and payload as parameters. */
	private static String eventRows(int count) {
		if (count == 0) {
			return "(0, cast(null as varchar), cast(null as jsonb))";
		}
		StringBuilder rows = new StringBuilder();
		for (int n = 0; n < count; n++) {
			rows.append((n > 0) ? ", " : "")
				.append("(")
				.append(n)
				.append(", cast(:convEventType")
				.append(n)
				.append(" as varchar), cast(:convEventPayload")
				.append(n)
				.append(" as jsonb))");
		}
		return rows.toString();
	}

	/** What the text of {@link #joined}'s CTEs depends on. */
	private record CtesShape(boolean isNew, String guard, int events) {
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
	 * A page of the tenant's conversations, newest activity first. The indexes hold a
	 * 10-minute bucket of {@code last_message_at}, not the time itself, so that a reply's
	 * update of the row is a HOT update (V16, issue 15).
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
			// The bucket bound lets the index scan start at the cursor's bucket (V16).
			sql.append(" and activity_bucket <= date_bin('10 minutes', cast(:afterAt as timestamptz), ")
				.append("timestamptz '2000-01-01 00:00:00+00')")
				.append(" and (last_message_at, conversation_id) < (:afterAt, :afterId)");
		}
		// The bucket first: the index gives the buckets newest first,
		// and only the rows of one bucket are sorted (incremental
		// sort). The bucket follows last_message_at, so the order is
		// last_message_at's, as the list promises.
		sql.append(" order by activity_bucket desc, last_message_at desc, conversation_id desc limit :limit");
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
				instant(rs, "qualified_at"), instant(rs, "last_message_at"), rs.getLong("version"));
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

	/**
	 * A {@code timestamptz} column read through java.time: the driver's
	 * {@code java.sql.Timestamp} path builds a {@code Calendar} for every value, on every
	 * reply (issue 15 profile).
	 */
	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/** A {@code timestamptz} parameter, as java.time for the same reason. */
	private static OffsetDateTime timestamp(Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

}
