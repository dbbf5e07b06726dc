package io.agentruntime.memory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The delivery side of {@code memory_outbox} (DESIGN §5): claiming due rows, removing
 * delivered ones, rescheduling and parking failed ones. Each method is one short
 * statement in auto-commit, so no transaction or pooled connection is held while
 * {@link MemoryOutboxWorker} calls the store. A claim is identified by the row's attempt
 * count: every change of a claimed row checks it, so a claim that lost its lease (or a
 * row erased meanwhile) is never changed by a late worker.
 */
class OutboxRows {

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final ObjectMapper mapper;

	OutboxRows(JdbcClient jdbc, ObjectMapper mapper) {
		this.jdbc = jdbc;
		this.mapper = mapper;
	}

	/**
	 * Drops erased rows whose lease has run out: they can no longer be in flight
	 * anywhere.
	 */
	void dropErasedPastLease() {
		this.jdbc.sql("delete from memory_outbox where status = 'erased' and next_attempt_at <= now()").update();
	}

	/**
	 * Claims up to {@code batch} due rows in one statement ({@code FOR UPDATE SKIP
	 * LOCKED}) that also moves their {@code next_attempt_at} a lease ahead and counts the
	 * attempt, so no other worker sees them while this one delivers.
	 */
	List<Claimed> claim(Duration lease, int batch) {
		return this.jdbc.sql("""
				update memory_outbox o
				set next_attempt_at = now() + :leaseMs * interval '1 millisecond', attempts = o.attempts + 1
				where o.id in (
				    select id from memory_outbox
				    where status = 'pending' and next_attempt_at <= now()
				    order by next_attempt_at
				    limit :batch
				    for update skip locked)
				returning o.id, o.custom_id, o.content, o.tags::text as tags, o.metadata::text as metadata, o.attempts
				""")
			.param("leaseMs", lease.toMillis())
			.param("batch", batch)
			.query((rs, row) -> new Claimed(rs.getObject("id", UUID.class), rs.getString("custom_id"),
					rs.getString("content"), read(rs.getString("tags"), STRINGS),
					read(rs.getString("metadata"), OBJECT), rs.getInt("attempts")))
			.list();
	}

	/**
	 * Removes the delivered rows that are still this claim's, in one statement (one round
	 * trip per batch, not per row).
	 * @return the ids removed; a row missing here was erased while in flight
	 */
	List<UUID> removeDelivered(List<Claimed> written) {
		return this.jdbc.sql("""
				delete from memory_outbox o
				using unnest(?::text[], ?::text[]) as d(id, attempts)
				where o.id = d.id::uuid and o.attempts = d.attempts::int and o.status = 'pending'
				returning o.id
				""")
			.params(written.stream().map(row -> row.id().toString()).toArray(String[]::new),
					written.stream().map(row -> Integer.toString(row.attempts())).toArray(String[]::new))
			.query(UUID.class)
			.list();
	}

	/** Whether the row was erased (DESIGN §3) while it was being delivered. */
	boolean erased(UUID id) {
		return this.jdbc.sql("select count(*) from memory_outbox where id = :id and status = 'erased'")
			.param("id", id)
			.query(Integer.class)
			.single() > 0;
	}

	void delete(UUID id) {
		this.jdbc.sql("delete from memory_outbox where id = :id").param("id", id).update();
	}

	/**
	 * Parks a claimed row as {@code dead}.
	 * @return whether it was still this claim's (and is now parked)
	 */
	boolean park(Claimed row, String reason) {
		return this.jdbc.sql("""
				update memory_outbox set status = 'dead', last_error = :reason
				where id = :id and attempts = :attempts and status = 'pending'
				""").param("reason", reason).param("id", row.id()).param("attempts", row.attempts()).update() == 1;
	}

	/** Makes a claimed row due again after {@code wait}. */
	void reschedule(Claimed row, Duration wait, String reason) {
		this.jdbc
			.sql("""
					update memory_outbox set next_attempt_at = now() + :waitMs * interval '1 millisecond', last_error = :reason
					where id = :id and attempts = :attempts and status = 'pending'
					""")
			.param("waitMs", wait.toMillis())
			.param("reason", reason)
			.param("id", row.id())
			.param("attempts", row.attempts())
			.update();
	}

	/** Rows waiting for delivery. */
	long pending() {
		return this.jdbc.sql("select count(*) from memory_outbox where status = 'pending'").query(Long.class).single();
	}

	/**
	 * The row a writer inserted claimed (its first attempt), as a claim would read it.
	 */
	Claimed claimedAtInsert(MemoryOutbox.Write write) {
		return new Claimed(write.id(), write.customId(), write.content(), read(write.tags(), STRINGS),
				read(write.metadata(), OBJECT), 1);
	}

	private <T> T read(String json, TypeReference<T> type) {
		try {
			return this.mapper.readValue(json, type);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A claimed row: what to deliver, and the attempt number that identifies this claim.
	 */
	record Claimed(UUID id, String customId, String content, List<String> tags, Map<String, Object> metadata,
			int attempts) {

		@Override
		public String toString() {
			return "Claimed[id=" + this.id + ", attempts=" + this.attempts + "]";
		}

	}

}
