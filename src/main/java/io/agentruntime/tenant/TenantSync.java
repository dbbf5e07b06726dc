package io.agentruntime.tenant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The tenant package's background work, once a second: read the change feed, then write
 * the keys' recorded uses.
 */
@Component
class TenantSync {

	private static final Logger log = LoggerFactory.getLogger(TenantSync.class);

	private final TenantChanges changes;

	private final KeyUses uses;

	TenantSync(TenantChanges changes, KeyUses uses) {
		this.changes = changes;
		this.uses = uses;
	}

	// A constant: TenantChanges.POLL_INTERVAL.
	@Scheduled(initialDelay = 0, fixedDelay = 1000)
	void run() {
		if (this.changes.poll()) {
			try {
				this.uses.flush();
			}
			catch (RuntimeException ex) {
				// The uses stay remembered; the next run writes them.
				log.debug("Key uses not written: {}", ex.getClass().getSimpleName());
			}
		}
	}

}
