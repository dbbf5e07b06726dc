package io.agentruntime.tenant;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.Repository;

/** Dealerships. Only platform administration lists or changes them. */
interface ClientRepository extends Repository<Client, UUID> {

	Optional<Client> findById(UUID id);

	List<Client> findByIdIn(Collection<UUID> ids);

	List<Client> findAllByOrderByCreatedAtAsc();

	Client save(Client client);

}
