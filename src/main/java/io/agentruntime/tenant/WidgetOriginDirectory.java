package io.agentruntime.tenant;

import java.time.Duration;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every origin some live widget key allows, for CORS preflights: a preflight carries no
 * credential, so it can only be answered for the union of all keys' origins. The request
 * that follows is then checked against its own key's origins
 * ({@code WidgetOriginFilter}). One query loads the whole set (bounded by the number of
 * widget keys), so a flood of preflights from random origins costs no query each.
 * Refreshed within a few seconds, like {@link TenantDirectory}.
 */
@Component
public class WidgetOriginDirectory {

	private static final Logger log = LoggerFactory.getLogger(WidgetOriginDirectory.class);

	private static final Duration TTL = Duration.ofSeconds(5);

	private final JdbcClient jdbc;

	private final LoadingCache<Boolean, Set<String>> origins;

	private volatile Set<String> lastKnown = Set.of();

	WidgetOriginDirectory(JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.origins = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(1).build(key -> load());
	}

	/** True when a live widget key of any tenant lists this (canonical) origin. */
	boolean isKnown(String origin) {
		return this.origins.get(Boolean.TRUE).contains(origin);
	}

	/** Forgets the cached set; called after a widget key is created or revoked. */
	public void evict() {
		this.origins.invalidateAll();
	}

	private Set<String> load() {
		try {
			this.lastKnown = Set.copyOf(this.jdbc.sql("""
					select distinct jsonb_array_elements_text(allowed_origins) from api_keys
					where revoked_at is null and allowed_origins is not null
					""").query(String.class).list());
		}
		catch (DataAccessException ex) {
			// A preflight during an outage keeps the last answer: the request after it
			// gets the database's own 503.
			log.warn("Widget origins could not be loaded; using the last known set: {}", ex.getClass().getSimpleName());
		}
		return this.lastKnown;
	}

}
