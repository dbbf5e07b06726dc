package io.agentruntime.lead;

import java.util.UUID;

import org.springframework.stereotype.Service;

/** What the reply path needs to know about a lead: that it belongs to the tenant, and its e-mail. */
@Service
public class LeadService {

	private final LeadRepository leads;

	LeadService(LeadRepository leads) {
		this.leads = leads;
	}

	/**
	 * The tenant's lead with this id.
	 * @throws LeadNotFound when the tenant has no such lead (also when another tenant has)
	 */
	public LeadRef require(UUID clientId, String leadId) {
		return this.leads.findByClientIdAndLeadId(clientId, leadId)
			.map(lead -> new LeadRef(lead.getLeadId(), lead.getEmail()))
			.orElseThrow(LeadNotFound::new);
	}

	/** A lead as the reply path sees it; {@code email} may be null. */
	public record LeadRef(String leadId, String email) {

		@Override
		public String toString() {
			return "LeadRef[leadId=" + this.leadId + "]";
		}

	}

}
