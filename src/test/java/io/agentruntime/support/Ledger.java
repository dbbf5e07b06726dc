package io.agentruntime.support;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the tests did, recorded by the shared support so that
 * {@code InvariantsIntegrationTests} can check it against the database after every other
 * test class (issue 9): the tenants created through {@link IntegrationTest#newTenant},
 * which credential belongs to which tenant, every 200 of {@code POST /api/agent/reply}
 * sent through {@link Api}, and the leads stored.
 */
public final class Ledger {

	private static final Set<UUID> tenants = ConcurrentHashMap.newKeySet();

	private static final Map<UUID, String> offLedger = new ConcurrentHashMap<>();

	private static final Map<String, UUID> credentials = new ConcurrentHashMap<>();

	private static final List<Reply> replies = new CopyOnWriteArrayList<>();

	private static final List<LeadRef> leads = new CopyOnWriteArrayList<>();

	private static final List<UUID> memoryIngests = new CopyOnWriteArrayList<>();

	private static final Set<UUID> erasures = ConcurrentHashMap.newKeySet();

	private Ledger() {
	}

	static void tenant(UUID clientId) {
		tenants.add(clientId);
	}

	/**
	 * Takes a tenant out of the count invariant because the test makes replies outside
	 * {@link Api} (a browser, a direct insert); its recorded 200s are still checked one
	 * by one.
	 */
	public static void offLedger(UUID clientId, String reason) {
		offLedger.put(clientId, reason);
	}

	static void credential(String credential, UUID clientId) {
		if (credential != null && clientId != null) {
			credentials.put(credential, clientId);
		}
	}

	/**
	 * A credential made with another one (an API key created through the API) belongs to
	 * the same tenant.
	 */
	static void sameTenant(String credential, String creator) {
		UUID clientId = (creator != null) ? credentials.get(creator) : null;
		credential(credential, clientId);
	}

	static void reply(String credential, UUID exchangeId, String conversationId) {
		replies.add(new Reply(exchangeId, (credential != null) ? credentials.get(credential) : null, conversationId));
	}

	static void memoryIngest(String credential) {
		UUID clientId = (credential != null) ? credentials.get(credential) : null;
		if (clientId != null) {
			memoryIngests.add(clientId);
		}
	}

	static void erasure(String credential) {
		UUID clientId = (credential != null) ? credentials.get(credential) : null;
		if (clientId != null) {
			erasures.add(clientId);
		}
	}

	/**
	 * Whether a lead of this tenant was erased through {@link Api}: its queued writes
	 * become {@code erased} rows that the worker later deletes, so they are neither
	 * delivered nor kept.
	 */
	public static boolean erasedALead(UUID clientId) {
		return erasures.contains(clientId);
	}

	/** Accepted (202) memory ingests of this tenant seen by {@link Api}. */
	public static long memoryIngests(UUID clientId) {
		return memoryIngests.stream().filter(clientId::equals).count();
	}

	static void lead(UUID clientId, String leadId) {
		leads.add(new LeadRef(clientId, leadId));
	}

	/** Tenants created through the support whose replies all went through {@link Api}. */
	public static Set<UUID> countedTenants() {
		Set<UUID> counted = ConcurrentHashMap.newKeySet();
		counted.addAll(tenants);
		counted.removeAll(offLedger.keySet());
		return Set.copyOf(counted);
	}

	/** Every tenant created through the support. */
	public static Set<UUID> tenants() {
		return Set.copyOf(tenants);
	}

	/** Every 200 of the reply endpoint seen by {@link Api}. */
	public static List<Reply> replies() {
		return List.copyOf(replies);
	}

	/** Every lead stored through {@link IntegrationTest#lead}. */
	public static List<LeadRef> leads() {
		return List.copyOf(leads);
	}

	/**
	 * One 200 reply.
	 *
	 * @param exchangeId the {@code exchangeId} of the response
	 * @param clientId the tenant of the credential used, {@code null} when the support
	 * did not make it
	 * @param conversationId the conversation of the request, or {@code null}
	 */
	public record Reply(UUID exchangeId, UUID clientId, String conversationId) {
	}

	/**
	 * A stored lead.
	 *
	 * @param clientId the tenant
	 * @param leadId the tenant's lead id
	 */
	public record LeadRef(UUID clientId, String leadId) {
	}

}
