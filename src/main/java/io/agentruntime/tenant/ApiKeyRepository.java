package io.agentruntime.tenant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Tenant API keys, looked up by hash; every tenant-facing finder takes the clientId. */
interface ApiKeyRepository extends Repository<ApiKey, UUID> {

	Optional<ApiKey> findByKeyHash(String keyHash);

	List<ApiKey> findByClientIdOrderByCreatedAtAsc(UUID clientId);

	Optional<ApiKey> findByIdAndClientId(UUID id, UUID clientId);

	ApiKey save(ApiKey key);

	/**
	 * Records use without loading the entity; at most once a minute per key to spare the
	 * database.
	 */
	@Modifying
	@Transactional
	@Query("update ApiKey k set k.lastUsedAt = :now where k.id = :id and (k.lastUsedAt is null or k.lastUsedAt < :before)")
	int touch(UUID id, Instant now, Instant before);

}
