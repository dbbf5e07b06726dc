package io.agentruntime.tenant;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.Repository;

/** Tenant API keys, looked up by hash; every tenant-facing finder takes the clientId. */
interface ApiKeyRepository extends Repository<ApiKey, UUID> {

	Optional<ApiKey> findByKeyHash(String keyHash);

	List<ApiKey> findByClientIdOrderByCreatedAtAsc(UUID clientId);

	Optional<ApiKey> findByIdAndClientId(UUID id, UUID clientId);

	ApiKey save(ApiKey key);

}
