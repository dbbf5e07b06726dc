package io.agentruntime.agentconfig;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Service;

/**
 * The persona of a tenant's replies. The active config is cached for two seconds per client (DESIGN
 * §9 allows "a few seconds at most"), so a reply costs no config query under load; changes made on
 * this instance evict at once.
 */
@Service
public class AgentConfigService {

	private static final Duration ACTIVE_CONFIG_TTL = Duration.ofSeconds(2);

	private final AgentConfigRepository configs;

	private final Cache<UUID, Optional<AgentProfile>> activeProfiles = Caffeine.newBuilder()
		.expireAfterWrite(ACTIVE_CONFIG_TTL)
		.maximumSize(10_000)
		.build();

	AgentConfigService(AgentConfigRepository configs) {
		this.configs = configs;
	}

	/** The tenant's active persona, if it has one. */
	public Optional<AgentProfile> activeProfile(UUID clientId) {
		return this.activeProfiles.get(clientId,
				id -> this.configs.findByClientIdAndActiveTrue(id).map(AgentConfig::profile));
	}

	/** Forgets the cached active persona of a tenant after its configs changed. */
	public void evict(UUID clientId) {
		this.activeProfiles.invalidate(clientId);
	}

}
