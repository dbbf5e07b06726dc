package io.agentruntime.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The audited exchanges as other features read and amend them: a conversation's
 * exchanges, its latest turns for the prompt, a staff author, a lead's erasure. The audit
 * package owns {@code agent_exchange} (DESIGN §7); every query here is filtered by the
 * tenant, and each one is a single statement that joins the caller's transaction.
 */
@Service
public class ExchangeLog {

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final ObjectMapper mapper;

	ExchangeLog(JdbcClient jdbc, ObjectMapper mapper) {
		this.jdbc = jdbc;
		this.mapper = mapper;
	}

	/**
	 * The tenant's exchanges in this conversation, oldest first.
	 * @param limit exchanges at most
	 * @return empty when the tenant has none (also when another tenant has)
	 */
	public List<AuditedExchange> conversation(UUID clientId, String conversationId, int limit) {
		return this.jdbc
			.sql("""
					select id, message, reply, quick_replies, model, created_at, degraded_reasons, author from agent_exchange
					where client_id = :clientId and conversation_id = :conversationId
					order by created_at, id limit :limit
					""")
			.param("clientId", clientId)
			.param("conversationId", conversationId)
			.param("limit", limit)
			.query((rs, row) -> new AuditedExchange(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
					strings(rs.getString(4)), rs.getString(5), rs.getObject(6, Timestamp.class).toInstant(),
					strings(rs.getString(7)), rs.getString(8)))
			.list();
	}

	/**
	 * The conversation's last {@code limit} turns with text, newest first (the agent's,
	 * the lead's messages while staff had the conversation, and staff messages, DESIGN
	 * §11), as a lateral subquery of a caller's statement, so a reply reads its
	 * conversation's row and its turns in one round trip (DESIGN §15). Columns
	 * {@code turn_message}, {@code turn_reply}, {@code turn_quick_replies},
	 * {@code turn_author} and {@code turn_created_at}, newest first.
	 * <p>
	 * Bounded by the conversation's start, a column of the outer row, so PostgreSQL
	 * prunes the partitions before it when it runs the subquery, and above by the
	 * database's clock (an hour's slack for a clock step), so the empty partitions made
	 * days ahead are not probed (issue 15: 25 buffers a read, now 9). Neither bound is
	 * known when the statement is planned, so they alone leave every daily partition in
	 * its plan: planning it took 7.6 ms with 40 partitions, and each connection plans it
	 * again whenever autovacuum analyses today's partition (every minute under load), 20
	 * connections at once: 1.5 s of database CPU in one burst (issue 15, session 19). The
	 * constant {@code days} window confines the plan to those days' partitions.
	 * @param clientId the outer query's tenant column, e.g. {@code c.client_id}
	 * @param conversationId the outer query's conversation column
	 * @param since the outer query's start of the conversation
	 * @param limit how many turns at most
	 * @param days the UTC days whose partitions the plan covers; the caller reads again
	 * with a wider window when the conversation started before it
	 */
	public static String latestTurnsLateral(String clientId, String conversationId, String since, int limit,
			Days days) {
		return """
				select message as turn_message, reply as turn_reply, quick_replies as turn_quick_replies,
				    author as turn_author, created_at as turn_created_at
				from agent_exchange
				where client_id = %s and conversation_id = %s
				  and (message is not null or reply is not null)
				  and created_at >= %s and created_at <= now() + interval '1 hour'
				  and %s
				order by created_at desc limit %d
				""".formatted(clientId, conversationId, since, days.condition(), limit);
	}

	/**
	 * UTC days {@code [from, until)}, a window of {@code agent_exchange}'s daily
	 * partitions that PostgreSQL prunes to when it plans a read (constants, unlike a
	 * parameter or a column).
	 *
	 * @param from the first day
	 * @param until the day after the last
	 */
	public record Days(LocalDate from, LocalDate until) {

		/**
		 * The window of a read of recent rows: from the day before {@code today} to the
		 * day after it (the database's clock may be a little ahead, and a read near
		 * midnight may see the next day's rows).
		 */
		public static Days around(LocalDate today) {
			return new Days(today.minusDays(1), today.plusDays(2));
		}

		/** The same window, starting on {@code day} instead when that is earlier. */
		public Days from(LocalDate day) {
			return day.isBefore(this.from) ? new Days(day, this.until) : this;
		}

		/** Whether an instant lies before the window's first day. */
		public boolean startsAfter(Instant instant) {
			return instant.isBefore(this.from.atStartOfDay(ZoneOffset.UTC).toInstant());
		}

		/** ISO dates only (never a caller's text), so the condition is safe as SQL. */
		String condition() {
			return "created_at >= timestamptz '%s 00:00:00+00' and created_at < timestamptz '%s 00:00:00+00'"
				.formatted(this.from, this.until);
		}

	}

	/**
	 * The turn of a row read with {@link #latestTurnsLateral}, or {@code null} when the
	 * row has none (a left join of a conversation without turns).
	 */
	public Turn turn(ResultSet rs) throws SQLException {
		// Only whether there is a turn: java.time, as a Timestamp costs the driver a
		// Calendar per row.
		if (rs.getObject("turn_created_at", OffsetDateTime.class) == null) {
			return null;
		}
		return new Turn(rs.getString("turn_message"), rs.getString("turn_reply"),
				strings(rs.getString("turn_quick_replies")), rs.getString("turn_author"));
	}

	/**
	 * Names the staff member who wrote an exchange (DESIGN §11); a second statement in
	 * the caller's transaction, so the audit insert stays as it is.
	 */
	public void attribute(UUID exchangeId, String author) {
		this.jdbc.sql("update agent_exchange set author = :author where id = :id")
			.param("author", author)
			.param("id", exchangeId)
			.update();
	}

	/**
	 * Erasure of a lead (DESIGN §3): its exchanges lose their text; counts, tokens and
	 * timings stay.
	 * @return exchanges blanked
	 */
	public int eraseLeadText(UUID clientId, String leadId) {
		return this.jdbc.sql("""
				update agent_exchange set message = null, reply = null, quick_replies = '[]'::jsonb
				where client_id = :clientId and lead_id = :leadId
				""").param("clientId", clientId).param("leadId", leadId).update();
	}

	private List<String> strings(String json) {
		try {
			return (json != null) ? this.mapper.readValue(json, STRINGS) : List.of();
		}
		catch (JsonProcessingException ex) {
			return List.of();
		}
	}

	/**
	 * One audited exchange.
	 *
	 * @param exchangeId the id the reply returned
	 * @param message what the lead wrote; {@code null} after erasure and for staff
	 * messages
	 * @param reply what was answered; {@code null} after erasure and while staff had the
	 * conversation
	 * @param quickReplies the quick replies offered
	 * @param model the model that answered, {@code null} for a fallback reply
	 * @param createdAt when it happened
	 * @param degradedReasons e.g. {@code memory_unavailable}
	 * @param author the staff member who wrote {@code reply}, or {@code null}
	 */
	public record AuditedExchange(UUID exchangeId, String message, String reply, List<String> quickReplies,
			String model, Instant createdAt, List<String> degradedReasons, String author) {

		@Override
		public String toString() {
			return "AuditedExchange[exchangeId=" + this.exchangeId + "]";
		}

	}

	/**
	 * One turn of a conversation as the prompt needs it.
	 *
	 * @param message what the lead wrote, or {@code null} for a staff message
	 * @param reply what was answered, or {@code null}
	 * @param quickReplies the quick replies offered
	 * @param author the staff member who wrote {@code reply}, or {@code null}
	 */
	public record Turn(String message, String reply, List<String> quickReplies, String author) {

		@Override
		public String toString() {
			return "Turn[author=" + this.author + "]";
		}

	}

}
