package io.agentruntime.memory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers {@code memory_outbox} rows to the memory store (DESIGN §5): at least once,
 * idempotent through the row's {@code customId}, safe on several instances.
 *
 * <p>
 * A poll claims due rows in one short statement ({@code FOR UPDATE SKIP LOCKED}) that
 * also moves their {@code next_attempt_at} a lease ahead and counts the attempt, so no
 * other worker sees them while this one calls the upstream, and no transaction or pooled
 * connection is held across that call. The rows of a batch are delivered in parallel,
 * removed together in one statement once written, and full batches are claimed back to
 * back, so a backlog drains at the store's pace rather than one write per round trip. A
 * row whose worker stopped mid-delivery becomes due again when its lease ends; the
 * redelivery updates the same document (same customId). A failure reschedules with
 * exponential backoff and jitter, never sooner than the store's {@code Retry-After};
 * after {@code max-attempts}, or at once for a request the store can never accept, the
 * row is parked as {@code dead}. Metrics: {@code agent.memory.outbox} (tag
 * {@code result}: delivered, retried, dead) and the gauge
 * {@code agent.memory.outbox.pending}.
 */
@Component
class MemoryOutboxWorker {

	private static final Logger log = LoggerFactory.getLogger(MemoryOutboxWorker.class);

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final MemoryClient memory;

	private final ObjectMapper mapper;

	private final MemoryProperties.Outbox properties;

	private final Counter delivered;

	private final Counter retried;

	private final Counter dead;

	MemoryOutboxWorker(JdbcClient jdbc, MemoryClient memory, ObjectMapper mapper, MemoryProperties properties,
			MeterRegistry meters) {
		this.jdbc = jdbc;
		this.memory = memory;
		this.mapper = mapper;
		this.properties = properties.outbox();
		this.delivered = counter(meters, "delivered");
		this.retried = counter(meters, "retried");
		this.dead = counter(meters, "dead");
		Gauge.builder("agent.memory.outbox.pending", this, MemoryOutboxWorker::pending)
			.description("Memory writes waiting for delivery")
			.register(meters);
	}

	/**
	 * How long one poll keeps claiming full batches before it hands the scheduler thread
	 * back.
	 */
	private static final Duration MAX_DRAIN = Duration.ofSeconds(30);

	/**
	 * Delivers the rows of one claimed batch at once (one store call each): one after the
	 * other, a batch of 20 at 50 ms per write took a second, and with the poll interval
	 * the worker delivered about 10 rows a second while 300 replies a second queued 300
	 * (issue 8 benchmark). Daemon threads, at most a batch of them, gone after a minute
	 * idle.
	 */
	private final ExecutorService deliveries = Executors.newCachedThreadPool(runnable -> {
		Thread thread = new Thread(runnable, "memory-outbox-delivery");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * One poll of the background schedule; does nothing when this instance does not
	 * deliver.
	 */
	@Scheduled(initialDelayString = "${agent.memory.outbox.poll-interval:1s}",
			fixedDelayString = "${agent.memory.outbox.poll-interval:1s}")
	void poll() {
		if (!this.properties.enabled() || this.memory.disabled()) {
			return;
		}
		try {
			// A full batch means more rows are due: claim again at once instead of after
			// the poll interval, so a backlog drains at the store's pace (bounded, so the
			// scheduler thread returns).
			long until = System.nanoTime() + MAX_DRAIN.toNanos();
			while (deliverDue() == this.properties.batchSize() && System.nanoTime() < until) {
				// next batch
			}
		}
		catch (RuntimeException ex) {
			// The database is down or busy: the rows stay, the next poll tries again.
			log.warn("Memory outbox poll failed: {}", ex.getClass().getSimpleName());
		}
	}

	/**
	 * Claims the due rows and delivers them.
	 * @return rows claimed
	 */
	int deliverDue() {
		// Erased rows whose lease has run out can no longer be in flight anywhere: drop
		// them.
		this.jdbc.sql("delete from memory_outbox where status = 'erased' and next_attempt_at <= now()").update();
		List<Claimed> rows = claim();
		List<Claimed> written = rows.stream()
			.map(row -> CompletableFuture.supplyAsync(() -> write(row), this.deliveries))
			.toList()
			.stream()
			.map(CompletableFuture::join)
			.filter(row -> row != null)
			.toList();
		complete(written);
		return rows.size();
	}

	/**
	 * Removes the rows of a batch the store took in one statement (one round trip per
	 * batch, not per row); a row that is no longer this claim's was erased while in
	 * flight.
	 */
	void complete(List<Claimed> written) {
		if (written.isEmpty()) {
			return;
		}
		List<UUID> removed = this.jdbc.sql("""
				delete from memory_outbox o
				using unnest(?::text[], ?::text[]) as d(id, attempts)
				where o.id = d.id::uuid and o.attempts = d.attempts::int and o.status = 'pending'
				returning o.id
				""")
			.params(written.stream().map(row -> row.id().toString()).toArray(String[]::new),
					written.stream().map(row -> Integer.toString(row.attempts())).toArray(String[]::new))
			.query(UUID.class)
			.list();
		this.delivered.increment(removed.size());
		if (removed.size() < written.size()) {
			for (Claimed row : written) {
				if (!removed.contains(row.id())) {
					undoIfErased(row);
				}
			}
		}
	}

	List<Claimed> claim() {
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
			.param("leaseMs", this.properties.lease().toMillis())
			.param("batch", this.properties.batchSize())
			.query((rs, row) -> new Claimed(rs.getObject("id", UUID.class), rs.getString("custom_id"),
					rs.getString("content"), read(rs.getString("tags"), STRINGS),
					read(rs.getString("metadata"), OBJECT), rs.getInt("attempts")))
			.list();
	}

	/**
	 * Writes one claimed row to the store.
	 * @return the row when the store took it; {@code null} when it failed (and was
	 * rescheduled or parked)
	 */
	private Claimed write(Claimed row) {
		try {
			this.memory.write(new MemoryWrite(row.customId(), row.content(), row.tags(), row.metadata()));
			return row;
		}
		catch (MemoryUnavailableException ex) {
			failed(row, ex);
			return null;
		}
	}

	private void undoIfErased(Claimed row) {
		// Erased while in flight: undo the write we just made (DESIGN §3 erasure), then
		// drop the row.
		boolean erased = this.jdbc.sql("select count(*) from memory_outbox where id = :id and status = 'erased'")
			.param("id", row.id())
			.query(Integer.class)
			.single() > 0;
		if (erased) {
			try {
				this.memory.delete(List.of(row.customId()));
				this.jdbc.sql("delete from memory_outbox where id = :id").param("id", row.id()).update();
			}
			catch (MemoryUnavailableException ex) {
				log.warn("Memory outbox could not undo an erased delivery yet: {}", ex.reason());
			}
		}
	}

	private void failed(Claimed row, MemoryUnavailableException ex) {
		if (!ex.retryable() || row.attempts() >= this.properties.maxAttempts()) {
			int parked = this.jdbc.sql("""
					update memory_outbox set status = 'dead', last_error = :reason
					where id = :id and attempts = :attempts and status = 'pending'
					""").param("reason", ex.reason()).param("id", row.id()).param("attempts", row.attempts()).update();
			if (parked == 1) {
				this.dead.increment();
				log.warn("Memory outbox row {} is dead after {} attempts: {}", row.id(), row.attempts(), ex.reason());
			}
			return;
		}
		Duration wait = backoff(row.attempts(), ex.retryAfter());
		this.jdbc
			.sql("""
					update memory_outbox set next_attempt_at = now() + :waitMs * interval '1 millisecond', last_error = :reason
					where id = :id and attempts = :attempts and status = 'pending'
					""")
			.param("waitMs", wait.toMillis())
			.param("reason", ex.reason())
			.param("id", row.id())
			.param("attempts", row.attempts())
			.update();
		this.retried.increment();
	}

	/**
	 * Exponential backoff with "equal jitter" (half fixed, half random), capped, and
	 * never shorter than the store's own hint: retrying before {@code Retry-After} only
	 * earns another 429.
	 */
	Duration backoff(int attempts, Duration retryAfter) {
		long initial = this.properties.initialBackoff().toMillis();
		long cap = this.properties.maxBackoff().toMillis();
		long exponential = Math.min(cap, initial << Math.min(attempts - 1, 30));
		long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
		long floor = (retryAfter != null) ? retryAfter.toMillis() : 0;
		return Duration.ofMillis(Math.max(jittered, floor));
	}

	private double pending() {
		try {
			return this.jdbc.sql("select count(*) from memory_outbox where status = 'pending'")
				.query(Long.class)
				.single();
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

	private <T> T read(String json, TypeReference<T> type) {
		try {
			return this.mapper.readValue(json, type);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Counter counter(MeterRegistry meters, String result) {
		return Counter.builder("agent.memory.outbox")
			.description("Memory outbox deliveries by result")
			.tag("result", result)
			.register(meters);
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
