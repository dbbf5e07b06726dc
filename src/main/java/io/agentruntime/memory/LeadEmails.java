package io.agentruntime.memory;

import java.util.Optional;
import java.util.UUID;

/**
 * What memory needs to know about a tenant's lead to key its writes (DESIGN §5): its
 * e-mail. A port, implemented by the package that owns the leads, so memory reads no
 * table of another feature and the lead package may depend on memory without a cycle.
 */
public interface LeadEmails {

	/**
	 * The e-mail of a tenant's lead ({@code ""} when it has none), read in the caller's
	 * transaction with a share lock, so an erasure (which deletes the lead) waits for
	 * that transaction and then also erases what it queued.
	 * @return empty when the tenant has no such lead (also when another tenant has)
	 */
	Optional<String> lockedEmail(UUID clientId, String leadId);

	/**
	 * The same read as SQL for a caller's own statement (DESIGN §15: one statement per
	 * reply): one row with one column {@code email} ({@code ""} when the lead has none),
	 * share-locked like {@link #lockedEmail}, no row when the tenant has no such lead.
	 * Named parameters {@code :leadsClientId} and {@code :leadsLeadId}.
	 */
	String lockedEmailSql();

}
