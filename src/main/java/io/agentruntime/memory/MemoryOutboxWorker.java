package io.agentruntime.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
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

	/**
	 * Rows handed over by their writer ({@link #deliverClaimed}) being delivered now: at
	 * most four batches, so a slow store cannot pile up threads; beyond that a row waits
	 * for its lease.
	 */
	private final Semaphore handOffs;

	/**
	 * Handed-over rows the store took, removed together by the next full batch or poll
	 * (one {@code DELETE} per batch, not per reply).
	 */
	private final Queue<Claimed> handedOffDelivered = new ConcurrentLinkedQueue<>();

	MemoryOutboxWorker(JdbcClient jdbc, MemoryClient memory, ObjectMapper mapper, MemoryProperties properties,
			MeterRegistry meters) {
		this.rows = new OutboxRows(jdbc, mapper);
		this.memory = memory;
		this.properties = properties.outbox();
		this.backoff = new OutboxBackoff(this.properties.initialBackoff(), this.properties.maxBackoff());
		this.delivered = counter(meters, "delivered");
		this.retried = counter(meters, "retried");
		this.dead = counter(meters, "dead");
		this.handOffs = new Semaphore(4 * this.properties.batchSize());
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
			removeHandedOffDelivered();
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

	/** Whether a writer inserts its rows claimed, for {@link #deliverClaimed}. */
	boolean claimsAtInsert() {
		return this.properties.enabled() && !this.memory.disabled();
	}

	Duration lease() {
		return this.properties.lease();
	}

	/**
	 * Delivers a row its writer inserted claimed (attempt 1, a lease ahead) and just
	 * committed, in the background, like a row of a claimed batch: so no claim
	 * {@code UPDATE} is needed for it. Without a free slot it is left to whichever worker
	 * finds it when the lease ends.
	 */
	void deliverClaimed(MemoryOutbox.Write write) {
		if (!claimsAtInsert() || !this.handOffs.tryAcquire()) {
			return;
		}
		try {
			CompletableFuture.runAsync(() -> {
				try {
					// Parsed here, off the reply's thread.
					Claimed row = this.rows.claimedAtInsert(write);
					if (write(row) != null) {
						this.handedOffDelivered.add(row);
					}
				}
				finally {
					this.handOffs.release();
				}
				if (this.handedOffDelivered.size() >= this.properties.batchSize()) {
					removeHandedOffDelivered();
				}
			}, this.deliveries);
		}
		catch (RuntimeException ex) {
			this.handOffs.release();
			log.warn("Memory outbox hand-over failed, the row waits for its lease: {}", ex.getClass().getSimpleName());
		}
	}

	private void removeHandedOffDelivered() {
		List<Claimed> written = new ArrayList<>();
		for (Claimed row = this.handedOffDelivered.poll(); row != null; row = this.handedOffDelivered.poll()) {
			written.add(row);
		}
		try {
			complete(written);
		}
		catch (RuntimeException ex) {
			// The rows stay claimed; delivered again (same customId) after their lease.
			log.warn("Memory outbox could not remove delivered rows: {}", ex.getClass().getSimpleName());
		}
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
