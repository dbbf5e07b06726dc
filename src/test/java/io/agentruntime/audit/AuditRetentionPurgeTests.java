package io.agentruntime.audit;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.agentruntime.limits.TokenUsage;
import io.agentruntime.memory.MemoryOutbox;
import io.agentruntime.support.Api;
import io.agentruntime.support.IntegrationTest;
import io.agentruntime.support.Ledger;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exchange rows older than {@code agent.audit.retention} go, in batches; younger ones
 * stay (DESIGN §7).
 */
class AuditRetentionPurgeTests extends IntegrationTest {

	@Autowired
	private DailyPartitions partitions;

	@Autowired
	private MemoryOutbox memoryOutbox;

	@Autowired
	private TokenUsage tokenUsage;

	private AuditRetentionPurge purgeAfter90Days() {
		return new AuditRetentionPurge(new AuditProperties(Duration.ofDays(90), Duration.ofHours(1), 2),
				this.partitions, this.memoryOutbox, this.tokenUsage);
	}

	@Test
	void dropsTheDailyPartitionsOfExpiredDaysWithTheirRows() {
		Tenant tenant = newTenant("Partitioned Retention Motors");
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		// Days 201 to 193 ago get partitions of their own, as if the service had run
		// then.
		this.partitions.createAhead(today.minusDays(200));
		UUID old = exchange(tenant.clientId(), 200);
		assertThat(partitionOf(old)).isEqualTo(DailyPartitions.name("agent_exchange", today.minusDays(200)));

		purgeAfter90Days().purge();

		assertThat(this.partitions.partitions("agent_exchange"))
			.noneMatch(name -> name.startsWith("agent_exchange_p" + today.minusDays(200).getYear())
					&& name.compareTo(DailyPartitions.name("agent_exchange", today.minusDays(90))) < 0)
			.contains(DailyPartitions.name("agent_exchange", today), "agent_exchange_default");
		assertThat(
				this.jdbc.sql("select count(*) from agent_exchange where id = ?").param(old).query(Long.class).single())
			.isZero();
	}

	@Test
	void aReplyIsStoredInTodaysPartitionAndTheNextDaysExistAhead() {
		Tenant tenant = newTenant("Partitioned Reply Motors");
		LocalDate today = LocalDate.now(ZoneOffset.UTC);

		Api.Response reply = this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Hello"));

		assertThat(reply.status()).isEqualTo(200);
		UUID exchangeId = UUID.fromString(reply.json().get("exchangeId").asText());
		assertThat(partitionOf(exchangeId)).isIn(DailyPartitions.name("agent_exchange", today),
				DailyPartitions.name("agent_exchange", today.plusDays(1)));
		assertThat(this.partitions.partitions("agent_exchange"))
			.contains(DailyPartitions.name("agent_exchange", today.plusDays(DailyPartitions.DAYS_AHEAD)));
	}

	@Test
	void keepsTheDailyPartitionsOfConversationEventsToo() {
		LocalDate later = LocalDate.now(ZoneOffset.UTC).plusDays(400);

		this.partitions.createAhead(later);

		assertThat(this.partitions.partitions("conversation_event")).contains(
				DailyPartitions.name("conversation_event", later),
				DailyPartitions.name("conversation_event", later.plusDays(DailyPartitions.DAYS_AHEAD)));
	}

	@Test
	void newDailyPartitionsSampleAsLittleAsTheirTableForAutovacuumsAnalyze() {
		LocalDate later = LocalDate.now(ZoneOffset.UTC).plusDays(600);

		this.partitions.createAhead(later);

		// PostgreSQL gives a new partition the default target (100, shown as -1); the
		// service copies its table's (V17), so ANALYZE samples 3,000 rows, not 30,000.
		assertThat(statisticsTargets(DailyPartitions.name("agent_exchange", later))).containsEntry("client_id", 10)
			.containsEntry("conversation_id", 10)
			.containsEntry("created_at", 10)
			.containsEntry("message", 0)
			.containsEntry("reply", 0)
			.containsEntry("quick_replies", 0);
		assertThat(statisticsTargets(DailyPartitions.name("conversation_event", later))).containsEntry("payload", 0)
			.containsEntry("conversation_id", 10);
		assertThat(
				statisticsTargets(DailyPartitions.name("agent_exchange", later.plusDays(DailyPartitions.DAYS_AHEAD))))
			.containsEntry("reply", 0);
	}

	@Test
	void conversationsAndTheSmallHotTablesAreAnalysedRarelyAndOnlyOnWhatQueriesFilterOn() {
		// V18: autovacuum analysed these every minute under load, and each ANALYZE made
		// every connection plan the reply's statements again.
		assertThat(statisticsTargets("conversation")).containsEntry("client_id", 10)
			.containsEntry("state", 10)
			.containsEntry("activity_bucket", 10)
			.containsEntry("qualification", 0)
			.containsEntry("handoff_reason", 0);
		assertThat(storageOptions("conversation")).contains("autovacuum_analyze_scale_factor=1.0");
		for (String table : new String[] { "rate_limit_bucket", "memory_outbox", "api_keys", "tenant_daily_tokens" }) {
			assertThat(storageOptions(table)).as(table)
				.contains("autovacuum_analyze_threshold=100000", "autovacuum_analyze_scale_factor=0")
				.noneMatch(option -> option.startsWith("autovacuum_vacuum"));
		}
	}

	private List<String> storageOptions(String table) {
		return this.jdbc.sql("select unnest(reloptions) from pg_class where oid = to_regclass(?)")
			.param(table)
			.query(String.class)
			.list();
	}

	private Map<String, Integer> statisticsTargets(String table) {
		return this.jdbc.sql("""
				select attname, attstattarget from pg_attribute
				where attrelid = to_regclass(?) and attnum > 0 and not attisdropped
				""")
			.param(table)
			.query((rs, row) -> Map.entry(rs.getString(1), rs.getInt(2)))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private String partitionOf(UUID exchangeId) {
		return this.jdbc.sql("select tableoid::regclass::text from agent_exchange where id = ?")
			.param(exchangeId)
			.query(String.class)
			.single();
	}

	@Test
	void deletesExpiredExchangesInBatchesAndKeepsRecentOnes() {
		Tenant tenant = newTenant("Retention Motors");
		for (int i = 0; i < 5; i++) {
			exchange(tenant.clientId(), 100);
		}
		UUID recent = exchange(tenant.clientId(), 89);
		UUID fresh = exchange(tenant.clientId(), 0);
		AuditRetentionPurge purge = purgeAfter90Days();

		int deleted = purge.purge();

		assertThat(deleted).isGreaterThanOrEqualTo(5);
		assertThat(this.jdbc.sql("select id from agent_exchange where client_id = ?")
			.param(tenant.clientId())
			.query(UUID.class)
			.list()).containsExactlyInAnyOrder(recent, fresh);
	}

	@Test
	void deadMemoryWritesFollowTheSameRetentionWhilePendingOnesStay() {
		Tenant tenant = newTenant("Dead Letter Retention Motors");
		UUID oldDead = outboxRow(tenant.clientId(), "dead", 100);
		UUID recentDead = outboxRow(tenant.clientId(), "dead", 1);
		UUID oldPending = outboxRow(tenant.clientId(), "pending", 100);

		purgeAfter90Days().purge();

		assertThat(this.jdbc.sql("select id from memory_outbox where client_id = ?")
			.param(tenant.clientId())
			.query(UUID.class)
			.list()).doesNotContain(oldDead).contains(recentDead, oldPending);
	}

	@Test
	void forgetsTheDailyTokenCountsOfExpiredDaysAndKeepsTodays() {
		Tenant tenant = newTenant("Token Retention Motors");
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		Ledger.offLedger(tenant.clientId(), "its rows are inserted directly, not made through Api");
		for (LocalDate day : new LocalDate[] { today.minusDays(100), today }) {
			this.jdbc.sql("insert into tenant_daily_tokens (client_id, day, tokens) values (?, ?, 42)")
				.params(tenant.clientId(), day)
				.update();
		}

		purgeAfter90Days().purge();

		assertThat(this.jdbc.sql("select day from tenant_daily_tokens where client_id = ?")
			.param(tenant.clientId())
			.query(LocalDate.class)
			.list()).containsExactly(today);
	}

	private UUID outboxRow(UUID clientId, String status, int daysAgo) {
		Ledger.offLedger(clientId, "its rows are inserted directly, not made through Api");
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into memory_outbox (id, client_id, custom_id, content, tags, metadata, status, created_at,
				    next_attempt_at)
				values (?, ?, ?, 'old write', '[]', '{}', ?, now() - make_interval(days => ?), now() + interval '1 day')
				""").params(id, clientId, "retention_" + id, status, daysAgo).update();
		return id;
	}

	private UUID exchange(UUID clientId, int daysAgo) {
		Ledger.offLedger(clientId, "its rows are inserted directly, not made through Api");
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into agent_exchange (id, client_id, message, reply, latency_ms, created_at)
				values (?, ?, 'old message', 'old reply', 10, now() - make_interval(days => ?))
				""").params(id, clientId, daysAgo).update();
		return id;
	}

}
