package io.agentruntime.tenant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.repository.Repository;

/** Tenant API keys, looked up by hash; every tenant-facing finder takes the clientId. */
interface ApiKeyRepository extends Repository<ApiKey, UUID> {

	Optional<ApiKey> findByKeyHash(String keyHash);

	/**
	 * The live keys used since then, most recently used first (the warm-up's preload).
	 */
	List<ApiKey> findByRevokedAtIsNullAndLastUsedAtAfterOrderByLastUsedAtDesc(Instant since, Limit limit);

	List<ApiKey> findByClientIdOrderByCreatedAtAsc(UUID clientId);

	Optional<ApiKey> findByIdAndClientId(UUID id, UUID clientId);

	ApiKey save(ApiKey key);

}
