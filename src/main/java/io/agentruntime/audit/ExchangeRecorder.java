package io.agentruntime.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.limits.TokenUsage;
import io.agentruntime.memory.MemoryOutbox;
import io.agentruntime.web.NamedSql;

import org.springframework.dao.support.DataAccessUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes the audit row of a reply and its memory outbox row in one short transaction,
 * committed before the response is sent: every 200 reply has its row, and its memory
 * write is queued durably or not at all (DESIGN §5).
 */
@Service
public class ExchangeRecorder {

	private static final String INSERT_COLUMNS = "(id, client_id, config_id, lead_id, conversation_id, request_id,"
			+ " message, reply, quick_replies, model, prompt_tokens, completion_tokens, latency_ms, llm_latency_ms,"
			+ " llm_attempts, memory_docs, degraded_reasons, policy_rules)";

	/** The condition of the lead check, which the caller's joined writes are given. */
	private static final String LEAD_GUARD = "(select ok from lead_check)";

	/**
	 * More shapes than the few the reply path makes (lead or not, conversation insert or
	 * update or none, memory write or not) are built each time rather than kept.
	 */
	private static final int MAX_SHAPES = 32;

	private final Map<Shape, NamedSql> statements = new ConcurrentHashMap<>();

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final ObjectMapper mapper;

	private final MemoryOutbox memoryOutbox;

	private final TokenUsage tokenUsage;

	ExchangeRecorder(JdbcClient jdbc, JdbcTemplate template, ObjectMapper mapper, MemoryOutbox memoryOutbox,
			TokenUsage tokenUsage) {
		this.jdbc = jdbc;
		this.template = template;
		this.mapper = mapper;
		this.memoryOutbox = memoryOutbox;
		this.tokenUsage = tokenUsage;
	}

	/**
	 * Records one exchange and queues its memory write: one statement (the audit row and
	 * the outbox row in one CTE), after one share-locked read of the lead when there is
	 * one (DESIGN §15: few round trips per reply).
	 * @return the new exchange id
	 */
	@Transactional
	public UUID record(ExchangeRecord exchange) {
		UUID id = ExchangeIds.next();
		// Read with a share lock, so an erasure waits for this transaction; a lead erased
		// while this reply was being made: keep the counts, not the text (DESIGN §3).
		Optional<String> leadEmail = (exchange.leadId() != null)
				? this.memoryOutbox.leadEmail(exchange.clientId(), exchange.leadId()) : Optional.empty();
		boolean erased = exchange.leadId() != null && leadEmail.isEmpty();
		Optional<MemoryOutbox.Write> write = erased ? Optional.empty()
				: this.memoryOutbox.exchangeWrite(id, exchange.clientId(), exchange.leadId(), leadEmail.orElse(null),
						exchange.conversationId(), exchange.message(), exchange.reply());
		Map<String, Object> params = params(id, exchange, erased);
		String insertExchange = "insert into agent_exchange " + INSERT_COLUMNS + " " + """
				values (:id, :clientId, :configId, :leadId, :conversationId, :requestId, :message, :reply,
				    cast(:quickReplies as jsonb), :model, :promptTokens, :completionTokens, :latencyMs, :llmLatencyMs,
				    :llmAttempts, :memoryDocs, cast(:degradedReasons as jsonb), cast(:policyRules as jsonb))
				""";
		if (write.isPresent()) {
			params.putAll(write.get().params());
			this.jdbc.sql("with exchange as (" + insertExchange + ") " + MemoryOutbox.Write.INSERT)
				.params(params)
				.update();
		}
		else {
			this.jdbc.sql(insertExchange).params(params).update();
		}
		// Counted for the daily budget in this instance's memory, written to the shared
		// counter in batches (limits.TokenUsage).
		this.tokenUsage.spent(exchange.clientId(),
				tokens(exchange.promptTokens()) + tokens(exchange.completionTokens()));
		return id;
	}

	/**
	 * Records one exchange and queues its memory write in ONE statement, in autocommit
	 * (DESIGN §15): no BEGIN or COMMIT round trips, and the caller's writes (a
	 * conversation's change) join it as CTEs, so everything is written or nothing is.
	 * With a lead, its row is read share-locked in the same statement, as {@link #record}
	 * reads it: a lead erased meanwhile leaves the exchange without text and queues no
	 * memory write (DESIGN §3); a lead whose e-mail is no longer the one the reply read
	 * writes nothing, as the memory write would be keyed by the old e-mail.
	 * @param id the new exchange's id
	 * @param leadEmail the lead's e-mail as the reply read it ({@code ""} for none), or
	 * {@code null} without a lead
	 * @param joined the caller's writes given the condition under which they may write
	 * (the lead check), or {@code null} for none
	 * @return whether anything was written; when not, the caller takes the transactional
	 * path ({@link #record})
	 */
	public boolean recordInOneStatement(UUID id, ExchangeRecord exchange, String leadEmail,
			Function<String, Joined> joined) {
		boolean withLead = exchange.leadId() != null;
		if (withLead && leadEmail == null) {
			// Nothing to check the lead's row against.
			return false;
		}
		Map<String, Object> params = params(id, exchange, false);
		String guard = "true";
		if (withLead) {
			params.put("leadsClientId", exchange.clientId());
			params.put("leadsLeadId", exchange.leadId());
			params.put("leadEmailAsRead", leadEmail);
			guard = LEAD_GUARD;
		}
		Joined part = (joined != null) ? joined.apply(guard) : null;
		if (part != null) {
			params.putAll(part.params());
		}
		Optional<MemoryOutbox.Write> write = this.memoryOutbox.exchangeWrite(id, exchange.clientId(), exchange.leadId(),
				leadEmail, exchange.conversationId(), exchange.message(), exchange.reply());
		write.ifPresent(queued -> {
			params.putAll(queued.params());
			params.putAll(this.memoryOutbox.claimedAtInsert());
		});
		Shape shape = new Shape(withLead, (part != null) ? part.ctes() : null, (part != null) ? part.applied() : null,
				write.isPresent());
		NamedSql sql = this.statements.get(shape);
		if (sql == null) {
			sql = NamedSql.of(statement(shape));
			if (this.statements.size() < MAX_SHAPES) {
				this.statements.put(shape, sql);
			}
		}
		long[] counts = DataAccessUtils.requiredSingleResult(
				this.template.query(sql.with(params), (rs, row) -> new long[] { rs.getLong(1), rs.getLong(2) }));
		boolean recorded = counts[0] == 1;
		if (counts[1] == 1) {
			this.memoryOutbox.handOff(write.get());
		}
		if (recorded) {
			this.tokenUsage.spent(exchange.clientId(),
					tokens(exchange.promptTokens()) + tokens(exchange.completionTokens()));
		}
		return recorded;
	}

	/**
	 * The one statement of a shape. Its text depends on the shape alone, never on a
	 * reply's values (those are parameters), so it is built and parsed once per shape
	 * ({@link NamedSql}): building it per reply cost string work, and the parsed-SQL
	 * caches behind it a full comparison of a new string on every reply (issue 15
	 * profile).
	 */
	private String statement(Shape shape) {
		StringBuilder sql = new StringBuilder("with ");
		String kept = "true";
		String applied = "true";
		if (shape.withLead()) {
			sql.append("lead_row as materialized (")
				.append(this.memoryOutbox.leadEmailSql())
				.append("), lead_check as materialized (select not exists (select 1 from lead_row")
				.append(" where email <> cast(:leadEmailAsRead as text)) as ok), ");
			kept = "exists (select 1 from lead_row)";
			applied = LEAD_GUARD;
		}
		if (shape.ctes() != null) {
			sql.append(shape.ctes()).append(", ");
			applied = shape.applied();
		}
		sql.append("exchange as (insert into agent_exchange ")
			.append(INSERT_COLUMNS)
			.append(" select cast(:id as uuid), cast(:clientId as uuid), cast(:configId as uuid),")
			.append(" cast(:leadId as varchar), cast(:conversationId as varchar), cast(:requestId as varchar),")
			.append(" case when ")
			.append(kept)
			.append(" then cast(:message as text) end, case when ")
			.append(kept)
			.append(" then cast(:reply as text) end, cast(:quickReplies as jsonb), cast(:model as varchar),")
			.append(" cast(:promptTokens as integer), cast(:completionTokens as integer), cast(:latencyMs as integer),")
			.append(" cast(:llmLatencyMs as integer), cast(:llmAttempts as integer), cast(:memoryDocs as integer),")
			.append(" cast(:degradedReasons as jsonb), cast(:policyRules as jsonb) where ")
			.append(applied)
			.append(" returning 1)");
		if (shape.withWrite()) {
			sql.append(", outbox as (")
				.append(MemoryOutbox.Write
					.insertWhere("exists (select 1 from exchange)" + (shape.withLead() ? " and " + kept : "")))
				.append(" returning 1)");
		}
		sql.append(" select count(*), ")
			.append(shape.withWrite() ? "(select count(*) from outbox)" : "0")
			.append(" from exchange");
		return sql.toString();
	}

	/**
	 * What the one statement's text depends on: a lead to check, the caller's joined
	 * writes, a memory write.
	 */
	private record Shape(boolean withLead, String ctes, String applied, boolean withWrite) {
	}

	private Map<String, Object> params(UUID id, ExchangeRecord exchange, boolean erased) {
		Map<String, Object> params = new HashMap<>();
		params.put("id", id);
		params.put("clientId", exchange.clientId());
		params.put("configId", exchange.configId());
		params.put("leadId", exchange.leadId());
		params.put("conversationId", exchange.conversationId());
		params.put("requestId", exchange.requestId());
		params.put("message", erased ? null : exchange.message());
		params.put("reply", erased ? null : exchange.reply());
		params.put("quickReplies", json(exchange.quickReplies()));
		params.put("model", exchange.model());
		params.put("promptTokens", exchange.promptTokens());
		params.put("completionTokens", exchange.completionTokens());
		params.put("latencyMs", (int) Math.min(exchange.latencyMs(), Integer.MAX_VALUE));
		params.put("llmLatencyMs", (int) Math.min(exchange.llmLatencyMs(), Integer.MAX_VALUE));
		params.put("llmAttempts", exchange.llmAttempts());
		params.put("memoryDocs", exchange.memoryDocs());
		params.put("degradedReasons", json(exchange.degradedReasons()));
		params.put("policyRules", json(exchange.policyRules()));
		return params;
	}

	private static long tokens(Integer count) {
		return (count != null) ? count : 0;
	}

	/**
	 * Writes of a caller that join an exchange's one statement
	 * ({@link #recordInOneStatement}).
	 *
	 * @param ctes the caller's CTEs ({@code name as (...)}, comma-separated), each
	 * writing only under the condition it was given
	 * @param applied an SQL condition that holds when the caller's writes were made; the
	 * exchange is written only then
	 * @param params their named parameters, none named like the exchange's
	 */
	public record Joined(String ctes, String applied, Map<String, Object> params) {

		@Override
		public String toString() {
			return "Joined[applied=" + this.applied + "]";
		}

	}

	private String json(List<String> values) {
		try {
			return this.mapper.writeValueAsString(values);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
