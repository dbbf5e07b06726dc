package io.agentruntime.memory;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.memory.OutboxRows.Claimed;
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
 * idempotent through the row's {@code customId}, safe on several instances. The row
 * statements are {@link OutboxRows}', the retry schedule is {@link OutboxBackoff}'s.
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

	/**
	 * How long one poll keeps claiming full batches before it hands the scheduler thread
	 * back.
	 */
	private static final Duration MAX_DRAIN = Duration.ofSeconds(30);

	private final OutboxRows rows;

	private final MemoryClient memory;

	private final MemoryProperties.Outbox properties;

	private final OutboxBackoff backoff;

	private final Counter delivered;

	private final Counter retried;

	private final Counter dead;

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

	MemoryOutboxWorker(JdbcClient jdbc, MemoryClient memory, ObjectMapper mapper, MemoryProperties properties,
			MeterRegistry meters) {
		this.rows = new OutboxRows(jdbc, mapper);
		this.memory = memory;
		this.properties = properties.outbox();
		this.backoff = new OutboxBackoff(this.properties.initialBackoff(), this.properties.maxBackoff());
		this.delivered = counter(meters, "delivered");
		this.retried = counter(meters, "retried");
		this.dead = counter(meters, "dead");
		Gauge.builder("agent.memory.outbox.pending", this, MemoryOutboxWorker::pending)
			.description("Memory writes waiting for delivery")
			.register(meters);
	}

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
		this.rows.dropErasedPastLease();
		List<Claimed> claimed = this.rows.claim(this.properties.lease(), this.properties.batchSize());
		List<Claimed> written = claimed.stream()
			.map(row -> CompletableFuture.supplyAsync(() -> write(row), this.deliveries))
			.toList()
			.stream()
			.map(CompletableFuture::join)
			.filter(row -> row != null)
			.toList();
		complete(written);
		return claimed.size();
	}

	/**
	 * Removes the rows of a batch the store took in one statement; a row that is no
	 * longer this claim's was erased while in flight.
	 */
	private void complete(List<Claimed> written) {
		if (written.isEmpty()) {
			return;
		}
		List<UUID> removed = this.rows.removeDelivered(written);
		this.delivered.increment(removed.size());
		if (removed.size() < written.size()) {
			for (Claimed row : written) {
				if (!removed.contains(row.id())) {
					undoIfErased(row);
				}
			}
		}
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
		if (this.rows.erased(row.id())) {
			try {
				this.memory.delete(List.of(row.customId()));
				this.rows.delete(row.id());
			}
			catch (MemoryUnavailableException ex) {
				log.warn("Memory outbox could not undo an erased delivery yet: {}", ex.reason());
			}
		}
	}

	private void failed(Claimed row, MemoryUnavailableException ex) {
		if (!ex.retryable() || row.attempts() >= this.properties.maxAttempts()) {
			if (this.rows.park(row, ex.reason())) {
				this.dead.increment();
				log.warn("Memory outbox row {} is dead after {} attempts: {}", row.id(), row.attempts(), ex.reason());
			}
			return;
		}
		this.rows.reschedule(row, this.backoff.after(row.attempts(), ex.retryAfter(),
				bound -> ThreadLocalRandom.current().nextLong(bound + 1)), ex.reason());
		this.retried.increment();
	}

	private double pending() {
		try {
			return this.rows.pending();
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

	private static Counter counter(MeterRegistry meters, String result) {
		return Counter.builder("agent.memory.outbox")
			.description("Memory outbox deliveries by result")
			.tag("result", result)
			.register(meters);
	}

}
