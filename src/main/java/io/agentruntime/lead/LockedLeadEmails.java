package io.agentruntime.lead;

import java.util.Optional;
import java.util.UUID;

import io.agentruntime.memory.LeadEmails;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The lead package's answer to memory's {@link LeadEmails} port. */
@Component
class LockedLeadEmails implements LeadEmails {

	private final JdbcClient jdbc;

	LockedLeadEmails(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Optional<String> lockedEmail(UUID clientId, String leadId) {
		return this.jdbc
			.sql("select coalesce(email, '') from leads where client_id = :clientId and lead_id = :leadId for share")
			.param("clientId", clientId)
			.param("leadId", leadId)
			.query(String.class)
			.optional();
	}

	@Override
	public String lockedEmailSql() {
		return "select coalesce(email, '') as email from leads"
				+ " where client_id = :leadsClientId and lead_id = :leadsLeadId for share";
	}

}
