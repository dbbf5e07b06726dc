package io.agentruntime.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Recall for one reply (DESIGN §5): the lead scope {@code [client, lead]} and the
 * dealership scope {@code [client]} searched in parallel under one deadline, merged by
 * score, deduplicated by document, cut to the limit. Hits whose {@code metadata.clientId}
 * is not the tenant's are dropped whatever the store's tag semantics, so they never reach
 * a prompt or a response.
 */
@Service
public class MemoryRecall {

	private static final Logger log = LoggerFactory.getLogger(MemoryRecall.class);

	private final MemoryClient memory;

	private final MemoryProperties properties;

	private final Executor executor;

	private final Timer recallTimer;

	MemoryRecall(MemoryClient memory, MemoryProperties properties, MemoryExecutor executor, MeterRegistry meters) {
		this.memory = memory;
		this.properties = properties;
		this.executor = executor;
		this.recallTimer = Timer.builder("agent.memory.recall")
			.description("Memory recall for one reply")
			.register(meters);
	}

	/**
	 * Recalls what memory knows for this query.
	 * @param clientId the tenant
	 * @param leadKey the lead's key, or {@code null} when no lead is known
	 * @param query the topic or the lead's message
	 * @return the hits, or an unavailable result when a search failed or the deadline
	 * passed
	 */
	public Recall recall(UUID clientId, String leadKey, String query) {
		if (this.memory.disabled()) {
			return new Recall(List.of(), false);
		}
		long started = System.nanoTime();
		Duration timeout = this.properties.recallTimeout();
		int limit = this.properties.limit();
		double threshold = this.properties.chunkThreshold();
		CompletableFuture<List<MemoryHit>> leadScope = (leadKey != null)
				? CompletableFuture.supplyAsync(() -> this.memory.search(new MemorySearch(query,
						MemoryTags.leadScope(clientId, leadKey), clientId, limit, threshold, timeout)), this.executor)
				: CompletableFuture.completedFuture(List.of());
		try {
			List<MemoryHit> dealership = this.memory.search(
					new MemorySearch(query, MemoryTags.dealershipScope(clientId), clientId, limit, threshold, timeout));
			long left = timeout.toNanos() - (System.nanoTime() - started);
			List<MemoryHit> lead = leadScope.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
			return new Recall(merge(clientId, lead, dealership, limit), false);
		}
		catch (MemoryUnavailableException | ExecutionException | TimeoutException ex) {
			leadScope.cancel(true);
			log.warn("Memory recall skipped: {}",
					(ex instanceof ExecutionException) ? ex.getCause().getMessage() : ex.getClass().getSimpleName());
			return new Recall(List.of(), true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Recall(List.of(), true);
		}
		finally {
			this.recallTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		}
	}

	/** Merges both scopes by score, drops foreign hits, keeps each document once. */
	static List<MemoryHit> merge(UUID clientId, List<MemoryHit> lead, List<MemoryHit> dealership, int limit) {
		List<MemoryHit> all = new ArrayList<>(lead);
		all.addAll(dealership);
		all.sort(Comparator.comparingDouble(MemoryHit::score).reversed());
		Map<String, MemoryHit> byDocument = new LinkedHashMap<>();
		String tenant = clientId.toString();
		for (MemoryHit hit : all) {
			if (tenant.equals(String.valueOf(hit.metadata().get("clientId")))) {
				byDocument.putIfAbsent(hit.documentId(), hit);
			}
		}
		return byDocument.values().stream().limit(limit).toList();
	}

	/**
	 * @param hits the tenant's hits, best first
	 * @param unavailable true when recall was skipped because the store failed or was
	 * slow
	 */
	public record Recall(List<MemoryHit> hits, boolean unavailable) {
	}

}
