package io.agentruntime.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Records when API keys were last used ({@code api_keys.last_used_at}, DESIGN §2) without
 * a statement per request: uses are remembered in memory, the latest per key, and
 * {@link #flush()} writes them in one statement. A key's use is written at most once a
 * minute by this instance, and the statement skips a key another instance wrote less than
 * a minute before.
 */
@Component
class KeyUses {

	private static final Duration RESOLUTION = Duration.ofMinutes(1);

	private final JdbcClient jdbc;

	private final Map<UUID, Instant> pending = new ConcurrentHashMap<>();

	/** Keys whose use this instance wrote less than a minute ago. */
	private final Cache<UUID, Instant> written = Caffeine.newBuilder()
		.expireAfterWrite(RESOLUTION)
		.maximumSize(100_000)
		.build();

	KeyUses(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void used(UUID keyId, Instant at) {
		if (this.written.getIfPresent(keyId) == null) {
			this.pending.merge(keyId, at, (earlier, later) -> later.isAfter(earlier) ? later : earlier);
		}
	}

	/**
	 * Writes the uses remembered since the last flush in one statement; on failure they
	 * stay remembered for the next one.
	 */
	synchronized void flush() {
		List<UUID> ids = new ArrayList<>();
		List<String> instants = new ArrayList<>();
		for (Map.Entry<UUID, Instant> use : this.pending.entrySet()) {
			if (this.pending.remove(use.getKey(), use.getValue())) {
				ids.add(use.getKey());
				instants.add(use.getValue().toString());
			}
		}
		if (ids.isEmpty()) {
			return;
		}
		try {
			this.jdbc.sql("""
					update api_keys k set last_used_at = u.used_at
					from unnest(?, cast(? as timestamptz[])) as u (id, used_at)
					where k.id = u.id and (k.last_used_at is null or k.last_used_at < u.used_at - interval '1 minute')
					""").params(ids.toArray(UUID[]::new), instants.toArray(String[]::new)).update();
		}
		catch (RuntimeException ex) {
			for (int i = 0; i < ids.size(); i++) {
				used(ids.get(i), Instant.parse(instants.get(i)));
			}
			throw ex;
		}
		for (int i = 0; i < ids.size(); i++) {
			this.written.put(ids.get(i), Instant.parse(instants.get(i)));
		}
	}

}
