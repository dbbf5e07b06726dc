package io.agentruntime.agentconfig;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.Repository;

/** Agent configs, always read through the tenant: there is no finder by id alone. */
public interface AgentConfigRepository extends Repository<AgentConfig, UUID> {

	Optional<AgentConfig> findByClientIdAndActiveTrue(UUID clientId);

	List<AgentConfig> findByClientIdInAndActiveTrue(Collection<UUID> clientIds);

	Optional<AgentConfig> findByIdAndClientId(UUID id, UUID clientId);

	List<AgentConfig> findByClientIdOrderByCreatedAtAsc(UUID clientId);

	AgentConfig save(AgentConfig config);

	AgentConfig saveAndFlush(AgentConfig config);

	void delete(AgentConfig config);

}
