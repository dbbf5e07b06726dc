package io.agentruntime.tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the tenant caches of this instance fresh from the change feed (issue 15): table
 * {@code tenant_change}, filled by PostgreSQL triggers on every change of a tenant's
 * {@code clients}, {@code api_keys} and {@code ai_agent_config} rows, whoever makes it.
 * Each {@link #POLL_INTERVAL} one statement reads the rows this instance has not seen and
 * the caches forget those tenants. A lookup of a quiet tenant then costs no query for
 * minutes, and a change made anywhere (another instance, the admin API, plain SQL) is
 * seen here within about one poll interval (DESIGN §9).
 *
 * <p>
 * Fail safe: while the feed cannot be read (the database is down, the poller stalls), a
 * cached entry is served only if it was loaded, or the feed was last read, less than
 * {@link #STALENESS_BOUND} ago — never staler than the five-second TTL these caches had
 * before.
 */
@Component
public class TenantChanges {

	/** How often the feed is read. */
	static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

	/** The oldest state a cache may serve while the feed cannot be read. */
	static final Duration STALENESS_BOUND = Duration.ofSeconds(5);

	/** How long the feed keeps its rows. */
	static final Duration RETENTION = Duration.ofHours(1);

	private static final long POLLS_PER_PURGE = 600;

	private static final Logger log = LoggerFactory.getLogger(TenantChanges.class);

	private final JdbcClient jdbc;

	private final MeterRegistry meters;

	private final Clock clock;

	private final List<StampedCache<?, ?>> caches = new CopyOnWriteArrayList<>();

	private ChangeCursor cursor;

	/** When the last poll that succeeded started; {@code null} before the first. */
	private volatile Instant lastPoll;

	/** When the last poll that failed started; {@code null} when none has. */
	private volatile Instant lastFailure;

	/** Set while a lookup reads the feed because the scheduled poll is late. */
	private final AtomicBoolean catchingUp = new AtomicBoolean();

	private long polls;

	private boolean failing;

	@Autowired
	TenantChanges(JdbcClient jdbc, MeterRegistry meters) {
		this(jdbc, meters, Clock.systemUTC());
	}

	TenantChanges(JdbcClient jdbc, MeterRegistry meters, Clock clock) {
		this.jdbc = jdbc;
		this.meters = meters;
		this.clock = clock;
	}

	/**
	 * A cache of one value per tenant that forgets a tenant when it changes.
	 * @param name the cache's name in the metric {@code agent.tenant.cache.loads}
	 * @param loader loads a tenant's value (one query, typically); must not return
	 * {@code null}
	 */
	public <V> TenantCache<V> cache(String name, Function<UUID, V> loader) {
		return new TenantCache<>(register(name, loader, (clientId, value) -> clientId));
	}

	/**
	 * A cache of any key that forgets the entries whose tenant changed, and on any change
	 * the entries {@code tenantOf} gives no tenant for.
	 */
	<K, V> StampedCache<K, V> register(String name, Function<K, V> loader, BiFunction<K, V, UUID> tenantOf) {
		Counter loads = Counter.builder("agent.tenant.cache.loads")
			.description("Tenant lookups that missed the cache and queried the database")
			.tag("name", name)
			.register(this.meters);
		StampedCache<K, V> cache = new StampedCache<>(loader, tenantOf, this, loads);
		this.caches.add(cache);
		return cache;
	}

	Instant now() {
		return this.clock.instant();
	}

	/**
	 * Whether an entry whose load started at this instant may be served: it has missed no
	 * change older than {@link #STALENESS_BOUND}, because it was loaded, or the feed was
	 * read, since.
	 */
	boolean servable(Instant loadedAt) {
		Instant polled = this.lastPoll;
		Instant freshSince = (polled != null && polled.isAfter(loadedAt)) ? polled : loadedAt;
		return !now().isAfter(freshSince.plus(STALENESS_BOUND));
	}

	/**
	 * Reads the feed now because a lookup found it late (the scheduled poll runs behind
	 * when the instance is overloaded): one read for every entry that would otherwise be
	 * loaded again, so an overloaded instance does not add a reload of each tenant's
	 * lookups to its load. Does not wait: when another lookup is reading the feed, or a
	 * read failed within the last {@link #POLL_INTERVAL}, it answers {@code false} at
	 * once and the caller loads its entry as before.
	 * @return whether the feed was read by this call or is fresh
	 */
	boolean catchUp() {
		if (fresh()) {
			return true;
		}
		Instant failed = this.lastFailure;
		if ((failed != null && now().isBefore(failed.plus(POLL_INTERVAL)))
				|| !this.catchingUp.compareAndSet(false, true)) {
			return false;
		}
		try {
			return fresh() || poll();
		}
		finally {
			this.catchingUp.set(false);
		}
	}

	private boolean fresh() {
		Instant polled = this.lastPoll;
		return polled != null && !now().isAfter(polled.plus(STALENESS_BOUND));
	}

	/**
	 * Reads the feed once and makes every cache forget the tenants that changed.
	 * @return whether the feed could be read
	 */
	public synchronized boolean poll() {
		Instant started = now();
		Set<UUID> changed;
		try {
			if (this.cursor == null) {
				this.cursor = new ChangeCursor(startingPoint());
			}
			changed = read(this.cursor);
		}
		catch (DataAccessException ex) {
			this.lastFailure = started;
			if (!this.failing) {
				this.failing = true;
				log.warn("Tenant change feed unreadable; cached tenant lookups older than {} are reloaded: {}",
						STALENESS_BOUND, ex.getClass().getSimpleName());
			}
			return false;
		}
		Instant previous = this.lastPoll;
		if (previous != null && previous.plus(RETENTION.dividedBy(2)).isBefore(started)) {
			// Rows this instance never read may have been purged meanwhile.
			this.caches.forEach(StampedCache::evictAll);
		}
		else if (!changed.isEmpty()) {
			this.caches.forEach(cache -> cache.evictTenants(changed));
		}
		this.lastPoll = started;
		if (this.failing) {
			this.failing = false;
			log.info("Tenant change feed readable again");
		}
		if (++this.polls % POLLS_PER_PURGE == 0) {
			purge();
		}
		return true;
	}

	/**
	 * Reads from just below the changes of the last minute: a change of a transaction
	 * still running at startup then is not missed (forgetting a tenant needlessly is
	 * harmless).
	 */
	private long startingPoint() {
		return this.jdbc.sql("""
				select coalesce((select min(seq) - 1 from tenant_change where changed_at > now() - interval '1 minute'),
				                (select max(seq) from tenant_change), 0)
				""").query(Long.class).single();
	}

	/** One statement: the unseen rows, and the snapshot they were read in. */
	private Set<UUID> read(ChangeCursor cursor) {
		List<ChangeCursor.Change> rows = new ArrayList<>();
		long[] snapshot = new long[2];
		this.jdbc.sql("""
				select s.xmin, s.xmax, c.seq, c.client_id
				from (select pg_snapshot_xmin(pg_current_snapshot())::text::bigint as xmin,
				             pg_snapshot_xmax(pg_current_snapshot())::text::bigint as xmax) s
				left join tenant_change c on c.seq > ?
				""").param(cursor.readAfter()).query(rs -> {
			snapshot[0] = rs.getLong("xmin");
			snapshot[1] = rs.getLong("xmax");
			long seq = rs.getLong("seq");
			if (!rs.wasNull()) {
				rows.add(new ChangeCursor.Change(seq, rs.getObject("client_id", UUID.class)));
			}
		});
		return cursor.advance(rows, snapshot[0], snapshot[1]);
	}

	private void purge() {
		try {
			this.jdbc.sql("delete from tenant_change where changed_at < now() - cast(? as interval)")
				.param(RETENTION.toSeconds() + " seconds")
				.update();
		}
		catch (DataAccessException ex) {
			log.debug("Tenant change feed not purged: {}", ex.getClass().getSimpleName());
		}
	}

}
