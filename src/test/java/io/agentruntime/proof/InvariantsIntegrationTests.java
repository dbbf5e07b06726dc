package io.agentruntime.proof;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.agentruntime.support.Api;
import io.agentruntime.support.FakeLlm;
import io.agentruntime.support.IntegrationTest;
import io.agentruntime.support.Ledger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Invariants over everything the suite did, checked after every other test class (the class order
 * is set in junit-platform.properties): each 200 reply has exactly one audit row of its tenant, the
 * number of 200s equals the number of audit rows, nothing of one tenant is reachable by another,
 * and (once the outbox exists) every accepted memory write is delivered, pending or dead (issue 9).
 * Run alone it has nothing to check and says so.
 */
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InvariantsIntegrationTests extends IntegrationTest {

	/** Lead message and reply of each exchange go to memory (DESIGN §5); confirm when the outbox lands. */
	static final int MEMORY_WRITES_PER_REPLY = 2;

	/** How many recorded leads and conversations the reachability probes try, at most. */
	private static final int PROBES = 12;

	@Test
	@Order(1)
	void everyRecorded200HasExactlyOneAuditRowOfTheSameTenant() {
		// Replies made with credentials the support did not create (the try-it runner's demo key, on
		// its own application) have no known tenant here; everything else must.
		List<Ledger.Reply> replies = Ledger.replies().stream().filter(reply -> reply.clientId() != null).toList();
		assumeFalse(replies.isEmpty(), "no 200 replies recorded: run this class with the whole suite");

		for (Ledger.Reply reply : replies) {
			List<UUID> owners = this.jdbc.sql("select client_id from agent_exchange where id = ?")
				.param(reply.exchangeId())
				.query(UUID.class)
				.list();
			assertThat(owners).as("audit rows of exchange %s", reply.exchangeId()).containsExactly(reply.clientId());
		}
		assertThat(replies.stream().map(Ledger.Reply::exchangeId).distinct().count()).as("distinct exchange ids")
			.isEqualTo(replies.size());
		assertThat(Ledger.replies().stream().filter(reply -> reply.clientId() == null).count())
			.as("200s with a credential of no support tenant")
			.isLessThanOrEqualTo(Ledger.replies().size() / 10);
	}

	@Test
	@Order(2)
	void recorded200sEqualAuditRowsForEveryTenantOfTheSupport() {
		Set<UUID> counted = Ledger.countedTenants();
		assumeFalse(Ledger.replies().isEmpty(), "no 200 replies recorded: run this class with the whole suite");

		Map<UUID, Long> expected = Ledger.replies()
			.stream()
			.filter(reply -> reply.clientId() != null && counted.contains(reply.clientId()))
			.collect(Collectors.groupingBy(Ledger.Reply::clientId, Collectors.counting()));
		Map<UUID, Long> actual = auditRows(counted);

		List<String> mismatches = counted.stream()
			.filter(id -> actual.getOrDefault(id, 0L).longValue() != expected.getOrDefault(id, 0L).longValue())
			.map(id -> id + ": " + expected.getOrDefault(id, 0L) + " 200s, " + actual.getOrDefault(id, 0L) + " audit rows")
			.toList();
		assertThat(mismatches).as("tenants whose audit rows differ from the 200s seen by the test client "
				+ "(Ledger.offLedger for tests that reply outside Api)").isEmpty();
		assertThat(actual.values().stream().mapToLong(Long::longValue).sum())
			.isEqualTo(expected.values().stream().mapToLong(Long::longValue).sum());
	}

	@Test
	@Order(3)
	void noTenantReachesAnotherTenantsLeads() {
		List<Ledger.LeadRef> leads = Ledger.leads();
		assumeFalse(leads.isEmpty(), "no leads recorded: run this class with the whole suite");
		Tenant probe = newTenant("Reachability Probe Leads");

		for (Ledger.LeadRef lead : leads.stream().limit(PROBES).toList()) {
			Api.Response response = this.api.post(Api.REPLY_PATH, probe.replyKey(),
					Map.of("message", "Probe for a foreign lead", "leadId", lead.leadId()));

			assertThat(response.status()).as("another tenant's lead %s", lead.leadId()).isEqualTo(404);
		}
		assertThat(LLM.calls()).isEmpty();
		assertThat(auditRows(Set.of(probe.clientId()))).isEmpty();
	}

	@Test
	@Order(4)
	void noTenantSeesAnotherTenantsConversationHistory() {
		List<String> conversations = Ledger.replies()
			.stream()
			.map(Ledger.Reply::conversationId)
			.filter(id -> id != null && id.length() <= 128)
			.distinct()
			.limit(PROBES)
			.toList();
		assumeFalse(conversations.isEmpty(), "no conversations recorded: run this class with the whole suite");
		Tenant probe = newTenant("Reachability Probe Conversations");

		for (String conversationId : conversations) {
			LLM.reset();
			Api.Response response = this.api.post(Api.REPLY_PATH, probe.replyKey(),
					Map.of("message", "Probe for a foreign conversation", "conversationId", conversationId));

			assertThat(response.status()).isEqualTo(200);
			FakeLlm.Call call = LLM.calls().get(0);
			assertThat(call.contents("user")).as("user turns sent for conversation %s", conversationId).hasSize(1);
			assertThat(call.contents("assistant")).as("history of another tenant").isEmpty();
		}
	}

	/**
	 * HOOK (issue 5): accepted memory writes == delivered + pending + dead (+ erased). Asserted only
	 * when the {@code memory_outbox} table exists; delivered rows are deleted by the worker, so
	 * "delivered" is what the Supermemory fake received (distinct customIds, kept across resets).
	 */
	@Test
	@Order(5)
	void acceptedMemoryWritesAreDeliveredPendingOrDead() {
		boolean outbox = this.jdbc
			.sql("select count(*) from information_schema.tables where table_name = 'memory_outbox'")
			.query(Long.class)
			.single() > 0;
		assumeTrue(outbox, "memory_outbox does not exist on this branch (it arrives with issue 5): "
				+ "the accepted == delivered + pending + dead invariant is not checked");
		assumeFalse(Ledger.replies().isEmpty(), "no 200 replies recorded: run this class with the whole suite");
		Set<UUID> counted = Ledger.countedTenants();
		Map<UUID, Long> repliesPerTenant = Ledger.replies()
			.stream()
			.filter(reply -> reply.clientId() != null && counted.contains(reply.clientId()))
			.collect(Collectors.groupingBy(Ledger.Reply::clientId, Collectors.counting()));

		for (UUID clientId : counted) {
			long accepted = repliesPerTenant.getOrDefault(clientId, 0L) * MEMORY_WRITES_PER_REPLY
					+ Ledger.memoryIngests(clientId);
			Map<String, Long> rows = this.jdbc
				.sql("select status, count(*) as n from memory_outbox where client_id = ? group by status")
				.param(clientId)
				.query((rs, i) -> Map.entry(rs.getString("status"), rs.getLong("n")))
				.list()
				.stream()
				.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
			long delivered = MEMORY.deliveredCount(clientId);
			assertThat(delivered + rows.values().stream().mapToLong(Long::longValue).sum())
				.as("tenant %s: accepted %d, delivered %d, rows by status %s", clientId, accepted, delivered, rows)
				.isEqualTo(accepted);
		}
	}

	private Map<UUID, Long> auditRows(Set<UUID> clientIds) {
		if (clientIds.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql("select client_id, count(*) as n from agent_exchange where client_id = any(?) group by client_id")
			.param(clientIds.toArray(UUID[]::new))
			.query((rs, i) -> Map.entry(rs.getObject("client_id", UUID.class), rs.getLong("n")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}


}
