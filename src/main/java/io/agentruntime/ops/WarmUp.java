package io.agentruntime.ops;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import io.agentruntime.agentconfig.AgentConfigService;
import io.agentruntime.limits.TokenUsage;
import io.agentruntime.memory.MemoryRecall;
import io.agentruntime.tenant.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Work done once at start-up, before the web server opens its port (a lifecycle phase
 * ahead of it), so no request meets it: the lookups of the tenants that used the service
 * within the last day (their keys, clients, active configs, today's token totals and
 * whether their dealership memory is searched, at most {@value #MAX_TENANTS} keys) are
 * read in five queries into the caches.
 *
 * <p>
 * Why: a fresh instance that joins under load (a deploy, a scale-out) otherwise answers
 * its first second of a many-tenant load with a lookup per tenant and cache, each a short
 * transaction, while its code is still being compiled; at 200 replies/s of the
 * benchmark's 200-tenant mix they ran the connection pool dry and answered 503 (issue
 * 15). A failed read delays nothing: the lookups then happen on first use, as before. Off
 * with {@code agent.warm-up.enabled=false}.
 */
@Component
class WarmUp implements SmartLifecycle {

	/** How far back a key's last use makes its tenant worth reading ahead. */
	static final Duration RECENTLY = Duration.ofDays(1);

	/** At most this many keys: half the tenant caches' size. */
	static final int MAX_TENANTS = 5_000;

	private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

	private final TenantDirectory directory;

	private final AgentConfigService configs;

	private final TokenUsage tokens;

	private final MemoryRecall memory;

	private final boolean enabled;

	private volatile boolean running;

	WarmUp(TenantDirectory directory, AgentConfigService configs, TokenUsage tokens, MemoryRecall memory,
			@Value("${agent.warm-up.enabled:true}") boolean enabled) {
		this.directory = directory;
		this.configs = configs;
		this.tokens = tokens;
		this.memory = memory;
		this.enabled = enabled;
	}

	@Override
	public void start() {
		this.running = true;
		if (this.enabled) {
			preloadTenants();
		}
	}

	void preloadTenants() {
		long started = System.nanoTime();
		try {
			Set<UUID> tenants = this.directory.preloadRecentlyUsed(RECENTLY, MAX_TENANTS);
			this.configs.preload(tenants);
			this.tokens.preload(tenants);
			this.memory.preload(tenants);
			log.info("Warm-up: lookups of {} recently active tenants cached in {} ms", tenants.size(),
					Duration.ofNanos(System.nanoTime() - started).toMillis());
		}
		catch (RuntimeException ex) {
			log.warn("Warm-up: tenant lookups not cached ahead, they load on first use: {}",
					ex.getClass().getSimpleName());
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Ahead of the web server's start ({@code WebServerStartStopLifecycle}). */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
