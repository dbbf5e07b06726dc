package io.agentruntime.lead;

import java.util.Optional;
import java.util.UUID;

import io.agentruntime.memory.LeadEmails;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The lead package's answer to memory's {@link LeadEmails} port. */
@Component
class LockedLeadEmails implements LeadEmails {

	/**
	 * Takes the lead's advisory lock exclusively until the caller's transaction ends:
	 * waits for the replies writing about the lead right now (they hold it shared,
	 * {@link #lockedEmailSql()}) and makes later ones wait for this transaction, then
	 * read the lead afresh (db/migration/V13). Named parameters {@code :clientId} and
	 * {@code :leadId}.
	 */
	static final String LOCK_EXCLUSIVE = "select pg_advisory_xact_lock(1818583396,"
			+ " lead_lock_key(cast(:clientId as uuid), cast(:leadId as varchar)))";

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
		// No row lock: a share lock writes the lead's row and WAL on every reply. The
		// function takes the lead's advisory lock shared and reads the row after it
		// (db/migration/V13), so an erasure, which takes it exclusively, and this
		// statement never interleave.
		return "select email from (select lead_email_shared(cast(:leadsClientId as uuid),"
				+ " cast(:leadsLeadId as varchar)) as email) lead_email where email is not null";
	}

}
