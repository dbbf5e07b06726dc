package io.agentruntime.lead;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.Repository;

/** Leads, always read through the tenant. */
public interface LeadRepository extends Repository<Lead, UUID> {

	Optional<Lead> findByClientIdAndLeadId(UUID clientId, String leadId);

	Lead save(Lead lead);

	void delete(Lead lead);

}
