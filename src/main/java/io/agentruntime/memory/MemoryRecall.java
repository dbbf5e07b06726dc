package io.agentruntime.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Recall for one reply (DESIGN §5): the lead scope {@code [client, lead]} (or, without a
 * lead, the conversation scope {@code [client, conv]}) and the dealership scope
 * {@code [client]} searched in parallel under one deadline, merged by score, deduplicated
 * by document, cut to the limit. The dealership scope is searched only for a tenant whose
 * scope may hold documents ({@link DealershipMemory}): without one, a reply makes one
 * search, on its own thread. Every hit is checked against its metadata (tenant, scope,
 * lead or conversation key, see {@link MemoryScope#admits}) whatever the store's tag
 * semantics, so another tenant's, lead's or visitor's document never reaches a prompt or
 * a response.
 */
@Service
public class MemoryRecall {

	private static final Logger log = LoggerFactory.getLogger(MemoryRecall.class);

	private final MemoryClient memory;

	private final MemoryProperties properties;

	private final Executor executor;

	private final ObservationRegistry observations;

	private final DealershipMemory dealershipMemory;

	MemoryRecall(MemoryClient memory, MemoryProperties properties, MemoryExecutor executor,
			ObservationRegistry observations, DealershipMemory dealershipMemory) {
		this.memory = memory;
		this.properties = properties;
		this.executor = executor;
		this.observations = observations;
		this.dealershipMemory = dealershipMemory;
	}

	/**
	 * Caches for these tenants, in one query, whether their dealership scope is searched
	 * (the warm-up before the instance opens its port).
	 */
	public void preload(Set<UUID> clientIds) {
		this.dealershipMemory.preload(clientIds);
	}

	/**
	 * Recalls what memory knows for this query: the lead's scope when a lead is known,
	 * else the conversation's scope when a conversation is known, and the dealership
	 * scope.
	 * @param clientId the tenant
	 * @param leadKey the lead's key
	 * ({@link MemoryTags#leadKey(UUID, String, String, String)}), or {@code null} when no
	 * lead is known
	 * @param conversationKey the conversation's key ({@link MemoryTags#conversationKey}),
	 * or {@code null}; unused when a lead is known
	 * @param query the topic or the lead's message
	 * @return the hits, or an unavailable result when a search failed or the deadline
	 * passed
	 */
	public Recall recall(UUID clientId, String leadKey, String conversationKey, String query) {
		if (this.memory.disabled()) {
			return new Recall(List.of(), false);
		}
		return Observation
			.createNotStarted(null, MemoryRecallObservationConvention.DEFAULT, Observation.Context::new,
					this.observations)
			.observe(() -> search(clientId, leadKey, conversationKey, query));
	}

	private Recall search(UUID clientId, String leadKey, String conversationKey, String query) {
		long started = System.nanoTime();
		Duration timeout = this.properties.recallTimeout();
		int limit = this.properties.limit();
		double threshold = this.properties.chunkThreshold();
		MemoryScope own = (leadKey != null) ? MemoryScope.lead(clientId, leadKey)
				: (conversationKey != null) ? MemoryScope.conversation(clientId, conversationKey) : null;
		MemoryScope dealershipScope = this.dealershipMemory.held(clientId) ? MemoryScope.dealership(clientId) : null;
		MemorySearch ownSearch = (own != null)
				? new MemorySearch(query, own.tags(), clientId, limit, threshold, timeout, own.filter()) : null;
		if (dealershipScope == null) {
			return searchOne(own, ownSearch);
		}
		MemorySearch dealershipSearch = new MemorySearch(query, dealershipScope.tags(), clientId, limit, threshold,
				timeout, dealershipScope.filter());
		CompletableFuture<List<MemoryHit>> ownScope = (ownSearch != null)
				? CompletableFuture.supplyAsync(() -> this.memory.search(ownSearch), this.executor)
				: CompletableFuture.completedFuture(List.of());
		try {
			List<MemoryHit> dealership = this.memory.search(dealershipSearch);
			long left = timeout.toNanos() - (System.nanoTime() - started);
			List<MemoryHit> ownHits = ownScope.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
			return new Recall(merge(own, ownHits, dealershipScope, dealership, limit), false);
		}
		catch (MemoryUnavailableException | ExecutionException | TimeoutException ex) {
			ownScope.cancel(true);
			log.warn("Memory recall skipped: {}",
					(ex instanceof ExecutionException) ? ex.getCause().getMessage() : ex.getClass().getSimpleName());
			return new Recall(List.of(), true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Recall(List.of(), true);
		}
	}

	/**
	 * The lead's or conversation's scope alone, on this thread (the search's own timeout
	 * is the recall deadline); nothing to search without one.
	 */
	private Recall searchOne(MemoryScope own, MemorySearch ownSearch) {
		if (own == null) {
			return new Recall(List.of(), false);
		}
		try {
			return new Recall(merge(own, this.memory.search(ownSearch), null, List.of(), ownSearch.limit()), false);
		}
		catch (MemoryUnavailableException ex) {
			log.warn("Memory recall skipped: {}", ex.getMessage());
			return new Recall(List.of(), true);
		}
	}

	/**
	 * Keeps only the hits each scope admits by their metadata (tenant, scope, lead or
	 * conversation key), then merges both by score and keeps each document once.
	 * @param own the lead or conversation scope, or {@code null} when there is none
	 * @param dealership the dealership scope, or {@code null} when it is not searched
	 */
	static List<MemoryHit> merge(MemoryScope own, List<MemoryHit> ownHits, MemoryScope dealership,
			List<MemoryHit> dealershipHits, int limit) {
		List<MemoryHit> all = new ArrayList<>();
		if (own != null) {
			ownHits.stream().filter(hit -> own.admits(hit.metadata())).forEach(all::add);
		}
		if (dealership != null) {
			dealershipHits.stream().filter(hit -> dealership.admits(hit.metadata())).forEach(all::add);
		}
		all.sort(Comparator.comparingDouble(MemoryHit::score).reversed());
		Map<String, MemoryHit> byDocument = new LinkedHashMap<>();
		for (MemoryHit hit : all) {
			byDocument.putIfAbsent(hit.documentId(), hit);
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
