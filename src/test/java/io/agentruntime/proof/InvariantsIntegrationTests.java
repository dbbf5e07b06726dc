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

/**
 * Invariants over everything the suite did, checked after every other test class (the
 * class order is set in junit-platform.properties): each 200 reply has exactly one audit
 * row of its tenant, the number of 200s equals the number of audit rows, nothing of one
 * tenant is reachable by another, and every accepted memory write is delivered, pending,
 * dead or erased (issue 9). Run alone it has nothing to check and says so.
 */
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InvariantsIntegrationTests extends IntegrationTest {

	/**
	 * Lead message and reply of each exchange with a lead or a conversation go to memory
	 * as one outbox row (MemoryOutbox.enqueueExchange); an exchange with neither is not
	 * written (DESIGN §5: nothing could recall it safely).
	 */
	static final int MEMORY_WRITES_PER_REPLY = 1;

	/** How many recorded leads and conversations the reachability probes try, at most. */
	private static final int PROBES = 12;

	/** Ids that can go into a path as they are. */
	private static final java.util.regex.Pattern SAFE_ID = java.util.regex.Pattern
		.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	@Test
	@Order(1)
	void everyRecorded200HasExactlyOneAuditRowOfTheSameTenant() {
		// Replies made with credentials the support did not create (the try-it runner's
		// demo key, on its own application) have no known tenant here; everything else
		// must.
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
			.map(id -> id + " (" + name(id) + "): " + expected.getOrDefault(id, 0L) + " 200s, "
					+ actual.getOrDefault(id, 0L) + " audit rows")
			.toList();
		assertThat(mismatches)
			.as("tenants whose audit rows differ from the 200s seen by the test client "
					+ "(Ledger.offLedger for tests that reply outside Api)")
			.isEmpty();
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
			if (SAFE_ID.matcher(lead.leadId()).matches()) {
				assertThat(this.api.get("/api/agent/leads/" + lead.leadId(), probe.replyKey()).status())
					.as("GET another tenant's lead %s", lead.leadId())
					.isEqualTo(404);
			}
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
		// Read first: the replies below make conversations of the probe's own under these
		// ids.
		for (String conversationId : conversations) {
			if (SAFE_ID.matcher(conversationId).matches()) {
				assertThat(this.api.get("/api/agent/conversations/" + conversationId, probe.replyKey()).status())
					.as("GET another tenant's conversation %s", conversationId)
					.isEqualTo(404);
			}
		}

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
	 * Accepted memory writes == delivered + pending + dead (+ erased), per tenant.
	 * Accepted: one outbox row per 200 reply with a lead or a conversation (lead message
	 * and reply in one document, customId {@code ex_<id>}) plus each 202 of the ingest
	 * endpoint. Delivered rows are deleted by the worker, so "delivered" is what the
	 * Supermemory fake received (customIds kept across resets); counting the union of
	 * customIds makes a row that is delivered while this runs count once. A tenant that
	 * erased a lead may have fewer: its erased rows are purged and a reply that finishes
	 * after the erasure queues nothing (DESIGN §3), so there the sum may only be smaller,
	 * never larger.
	 */
	@Test
	@Order(5)
	void acceptedMemoryWritesAreDeliveredPendingOrDead() {
		assumeFalse(Ledger.replies().isEmpty(), "no 200 replies recorded: run this class with the whole suite");
		Set<UUID> counted = Ledger.countedTenants();
		Map<UUID, Long> repliesPerTenant = rememberedExchanges(Ledger.replies()
			.stream()
			.filter(reply -> reply.clientId() != null && counted.contains(reply.clientId()))
			.toList());

		List<String> mismatches = new java.util.ArrayList<>();
		for (UUID clientId : counted) {
			long accepted = repliesPerTenant.getOrDefault(clientId, 0L) * MEMORY_WRITES_PER_REPLY
					+ Ledger.memoryIngests(clientId);
			// Rows first, then the fake: a row delivered in between is in both and counts
			// once.
			Map<String, String> rows = this.jdbc.sql("select custom_id, status from memory_outbox where client_id = ?")
				.param(clientId)
				.query((rs, i) -> Map.entry(rs.getString("custom_id"), rs.getString("status")))
				.list()
				.stream()
				.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
			Set<String> delivered = MEMORY.deliveredCustomIds(clientId);
			Set<String> all = new java.util.HashSet<>(rows.keySet());
			all.addAll(delivered);
			boolean holds = Ledger.erasedALead(clientId) ? all.size() <= accepted : all.size() == accepted;
			if (!holds) {
				Map<String, Long> byStatus = rows.values()
					.stream()
					.collect(Collectors.groupingBy(status -> status, Collectors.counting()));
				mismatches.add("%s (%s): accepted %d, delivered %d, rows by status %s".formatted(clientId,
						name(clientId), accepted, delivered.size(), byStatus));
			}
		}
		assertThat(mismatches)
			.as("tenants whose accepted memory writes are not delivered + pending + dead + erased "
					+ "(Ledger.offLedger for tests that queue or delete outbox rows directly)")
			.isEmpty();
	}

	/**
	 * No memory write of the suite ever mixed scopes (issue 14): every document added to
	 * the Supermemory fake or to the built-in store, and every undelivered outbox row, of
	 * a support tenant carries a {@code scope} whose tags and key agree: a lead's
	 * {@code [client, lead:<leadKey>]}, a conversation's
	 * {@code [client, conv:<conversationKey>]}, and the dealership's {@code [client]}
	 * only for what staff ingested.
	 */
	@Test
	@Order(6)
	void everyMemoryWriteIsScopedToItsLeadItsConversationOrStaffDealershipMemory() {
		assumeFalse(Ledger.replies().isEmpty(), "no 200 replies recorded: run this class with the whole suite");
		Set<String> tenants = Ledger.tenants().stream().map(UUID::toString).collect(Collectors.toSet());
		List<String> wrong = new java.util.ArrayList<>();
		MEMORY.added()
			.stream()
			.filter(document -> tenants.contains(String.valueOf(document.metadata().get("clientId"))))
			.forEach(document -> check("supermemory " + document.customId(), document.customId(), document.tags(),
					document.metadata(), wrong));
		this.jdbc.sql("select custom_id, tags, metadata::text from memory_documents where client_id = any(?)")
			.param(tenants.toArray(String[]::new))
			.query((rs, i) -> {
				check("built-in " + rs.getString(1), rs.getString(1), List.of((String[]) rs.getArray(2).getArray()),
						(Map<?, ?>) read(rs.getString(3)), wrong);
				return null;
			})
			.list();
		this.jdbc
			.sql("""
					select custom_id, tags::text, metadata::text from memory_outbox
					where client_id = any(?) and status in ('pending', 'dead') and (custom_id like 'ex\\_%' or custom_id like 'in\\_%')
					""")
			.param(Ledger.tenants().toArray(UUID[]::new))
			.query((rs, i) -> {
				check("outbox " + rs.getString(1), rs.getString(1),
						List.of(JSON.convertValue(read(rs.getString(2)), String[].class)),
						(Map<?, ?>) read(rs.getString(3)), wrong);
				return null;
			})
			.list();

		assertThat(MEMORY.added()).as("documents added to the fake").isNotEmpty();
		assertThat(wrong).as("memory writes whose scope, key and tags disagree").isEmpty();
	}

	private static void check(String what, String customId, List<String> tags, Map<?, ?> metadata, List<String> wrong) {
		Object scope = metadata.get("scope");
		String client = "client:" + metadata.get("clientId");
		Set<String> expected = switch (String.valueOf(scope)) {
			case "lead" -> (metadata.get("leadKey") != null && !metadata.containsKey("conversationKey"))
					? Set.of(client, "lead:" + metadata.get("leadKey")) : null;
			case "conversation" -> (metadata.get("conversationKey") != null && !metadata.containsKey("leadKey")
					&& customId != null && customId.startsWith("ex_"))
							? Set.of(client, "conv:" + metadata.get("conversationKey")) : null;
			case "dealership" -> (customId != null && customId.startsWith("in_") && !metadata.containsKey("leadKey")
					&& !metadata.containsKey("conversationKey")) ? Set.of(client) : null;
			default -> null;
		};
		if (expected == null || !expected.equals(Set.copyOf(tags)) || tags.size() != expected.size()) {
			wrong.add(what + ": scope " + scope + ", tags " + tags);
		}
	}

	private static Object read(String json) {
		try {
			return JSON.readValue(json, Object.class);
		}
		catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Per tenant, the 200 replies that had a lead or a conversation, read from their
	 * audit rows.
	 */
	private Map<UUID, Long> rememberedExchanges(List<Ledger.Reply> replies) {
		if (replies.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql("""
				select client_id, count(*) as n from agent_exchange
				where id = any(?) and (lead_id is not null or conversation_id is not null) group by client_id
				""")
			.param(replies.stream().map(Ledger.Reply::exchangeId).toArray(UUID[]::new))
			.query((rs, i) -> Map.entry(rs.getObject("client_id", UUID.class), rs.getLong("n")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private String name(UUID clientId) {
		return this.jdbc.sql("select name from clients where id = ?")
			.param(clientId)
			.query(String.class)
			.optional()
			.orElse("?");
	}

	private Map<UUID, Long> auditRows(Set<UUID> clientIds) {
		if (clientIds.isEmpty()) {
			return Map.of();
		}
		return this.jdbc
			.sql("select client_id, count(*) as n from agent_exchange where client_id = any(?) group by client_id")
			.param(clientIds.toArray(UUID[]::new))
			.query((rs, i) -> Map.entry(rs.getObject("client_id", UUID.class), rs.getLong("n")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

}
