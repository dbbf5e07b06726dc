package io.agentruntime.limits;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agentruntime.web.SingleFlight;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The tokens each tenant spent per UTC day (DESIGN §3, §15), shared by every instance
 * through {@code tenant_daily_tokens} but with no database work on the reply path: a
 * reply's tokens are added to this instance's pending sums, and every
 * {@code agent.limits.sync-interval} one statement adds them to the shared rows and reads
 * back the totals, which {@link #usedToday} combines with what is still pending here.
 * Nothing takes a per-reply row lock, and a reply never waits for the database (except
 * the first reply of a tenant and day on this instance, which reads its total). The
 * totals are read again every interval, so the budget holds across instances with an
 * overshoot of at most what the other instances spend in about two intervals (see
 * docs/benchmark.md); on this instance it is exact. A crash loses at most one interval of
 * this instance's pending tokens (the audit rows keep them); a clean shutdown writes
 * them.
 */
@Component
public class TokenUsage {

	private static final Logger log = LoggerFactory.getLogger(TokenUsage.class);

	private final JdbcClient jdbc;

	/** Tokens spent here and not yet added to the shared row. */
	private final Map<Key, AtomicLong> pending = new ConcurrentHashMap<>();

	/** Shared totals as last read; sync() reads them again every interval. */
	private final AsyncCache<Key, Long> totals;

	TokenUsage(JdbcClient jdbc, LimitsProperties properties) {
		this.jdbc = jdbc;
		// Refreshed by sync() off the reply path, never by a reply: a reply only loads a
		// tenant's total the first time this instance sees the tenant that day.
		// Async: a tenant's first read must not hold up other tenants' lookups (a
		// synchronous cache loads inside its map's bin lock: a fresh instance under load
		// queued hundreds of replies behind a few reads, issue 15).
		this.totals = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).maximumSize(100_000).buildAsync();
	}

	/**
	 * Counts tokens a tenant has spent (with an LLM answer); costs no database work.
	 * @param clientId the tenant
	 * @param tokens prompt plus completion tokens
	 */
	public void spent(UUID clientId, long tokens) {
		if (tokens > 0) {
			this.pending.computeIfAbsent(new Key(clientId, today()), key -> new AtomicLong()).addAndGet(tokens);
		}
	}

	/**
	 * Deletes the shared counters of the days before {@code day} (audit retention, DESIGN
	 * §7): the budget only ever reads today's.
	 * @return rows deleted
	 */
	public int purgeBefore(LocalDate day) {
		return this.jdbc.sql("delete from tenant_daily_tokens where day < ?").param(day).update();
	}

	/**
	 * The tenant's tokens of the UTC day: the shared total (read at most once per sync
	 * interval) plus what this instance has not written yet.
	 */
	long usedToday(UUID clientId) {
		Key key = new Key(clientId, today());
		Long shared = SingleFlight.get(this.totals, key, this::read);
		AtomicLong local = this.pending.get(key);
		return shared + ((local != null) ? local.get() : 0);
	}

	private long read(Key key) {
		return this.jdbc.sql("select tokens from tenant_daily_tokens where client_id = ? and day = ?")
			.params(key.clientId(), key.day())
			.query(Long.class)
			.optional()
			.orElse(0L);
	}

	@Scheduled(initialDelayString = "${agent.limits.sync-interval:1s}",
			fixedDelayString = "${agent.limits.sync-interval:1s}")
	void scheduledSync() {
		try {
			sync();
		}
		catch (RuntimeException ex) {
			// The database is down: the sums stay pending, the next run writes them.
			log.debug("Token usage not synchronised: {}", ex.getClass().getSimpleName());
		}
	}

	/**
	 * Adds this instance's pending tokens to the shared rows in one statement and takes
	 * the new totals; forgets the totals it did not write, so the next {@link #usedToday}
	 * reads them fresh.
	 */
	public synchronized void sync() {
		Map<Key, Long> taken = new HashMap<>();
		for (Map.Entry<Key, AtomicLong> entry : this.pending.entrySet()) {
			long tokens = entry.getValue().getAndSet(0);
			if (tokens > 0) {
				taken.put(entry.getKey(), tokens);
			}
		}
		// Past days' sums are written; their entries can go (today's stay: removing one
		// could race with a reply adding to it).
		LocalDate today = today();
		this.pending.entrySet().removeIf(entry -> entry.getKey().day().isBefore(today) && entry.getValue().get() == 0);
		if (!taken.isEmpty()) {
			try {
				write(taken);
			}
			catch (RuntimeException ex) {
				taken.forEach(
						(key, tokens) -> this.pending.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(tokens));
				throw ex;
			}
		}
		List<Key> others = this.totals.asMap().keySet().stream().filter(key -> !taken.containsKey(key)).toList();
		if (!others.isEmpty()) {
			reread(others);
		}
	}

	/**
	 * Reads today's totals of these tenants in one statement (the warm-up before the
	 * instance opens its port), so their first replies do not read them one by one.
	 */
	public void preload(Collection<UUID> clientIds) {
		LocalDate today = today();
		List<Key> keys = clientIds.stream().map(clientId -> new Key(clientId, today)).toList();
		if (!keys.isEmpty()) {
			reread(keys);
		}
	}

	private void reread(List<Key> keys) {
		Map<Key, Long> fresh = new HashMap<>();
		keys.forEach(key -> fresh.put(key, 0L));
		this.jdbc.sql("""
				select t.client_id, t.day, t.tokens from tenant_daily_tokens t
				join unnest(?::text[], ?::text[]) as k(c, d) on t.client_id = k.c::uuid and t.day = k.d::date
				""")
			.params(keys.stream().map(key -> key.clientId().toString()).toArray(String[]::new),
					keys.stream().map(key -> key.day().toString()).toArray(String[]::new))
			.query((rs, row) -> fresh.put(new Key(rs.getObject(1, UUID.class), rs.getObject(2, LocalDate.class)),
					rs.getLong(3)))
			.list();
		this.totals.synchronous().putAll(fresh);
	}

	private void write(Map<Key, Long> taken) {
		List<String> clients = new ArrayList<>(taken.size());
		List<String> days = new ArrayList<>(taken.size());
		List<String> tokens = new ArrayList<>(taken.size());
		taken.forEach((key, sum) -> {
			clients.add(key.clientId().toString());
			days.add(key.day().toString());
			tokens.add(Long.toString(sum));
		});
		this.jdbc.sql("""
				insert into tenant_daily_tokens (client_id, day, tokens)
				select c::uuid, d::date, t::bigint from unnest(?::text[], ?::text[], ?::text[]) as u(c, d, t)
				on conflict (client_id, day) do update set tokens = tenant_daily_tokens.tokens + excluded.tokens
				returning client_id, day, tokens
				""")
			.params(clients.toArray(String[]::new), days.toArray(String[]::new), tokens.toArray(String[]::new))
			.query((rs, row) -> {
				this.totals.synchronous()
					.put(new Key(rs.getObject(1, UUID.class), rs.getObject(2, LocalDate.class)), rs.getLong(3));
				return null;
			})
			.list();
	}

	@PreDestroy
	void flushOnShutdown() {
		try {
			sync();
		}
		catch (RuntimeException ex) {
			log.warn("Token usage of the last interval not written at shutdown: {}", ex.getClass().getSimpleName());
		}
	}

	private static LocalDate today() {
		return LocalDate.now(ZoneOffset.UTC);
	}

	private record Key(UUID clientId, LocalDate day) {
	}

}
