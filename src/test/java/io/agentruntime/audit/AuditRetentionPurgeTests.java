package io.agentruntime.audit;

import java.time.Duration;
import java.util.UUID;

import io.agentruntime.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Exchange rows older than {@code agent.audit.retention} go, in batches; younger ones stay (DESIGN §7). */
class AuditRetentionPurgeTests extends IntegrationTest {

	@Test
	void deletesExpiredExchangesInBatchesAndKeepsRecentOnes() {
		Tenant tenant = newTenant("Retention Motors");
		for (int i = 0; i < 5; i++) {
			exchange(tenant.clientId(), 100);
		}
		UUID recent = exchange(tenant.clientId(), 89);
		UUID fresh = exchange(tenant.clientId(), 0);
		AuditRetentionPurge purge = new AuditRetentionPurge(this.jdbc,
				new AuditProperties(Duration.ofDays(90), Duration.ofHours(1), 2));

		int deleted = purge.purge();

		assertThat(deleted).isGreaterThanOrEqualTo(5);
		assertThat(this.jdbc.sql("select id from agent_exchange where client_id = ?")
			.param(tenant.clientId())
			.query(UUID.class)
			.list()).containsExactlyInAnyOrder(recent, fresh);
	}

	private UUID exchange(UUID clientId, int daysAgo) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into agent_exchange (id, client_id, message, reply, latency_ms, created_at)
				values (?, ?, 'old message', 'old reply', 10, now() - make_interval(days => ?))
				""").params(id, clientId, daysAgo).update();
		return id;
	}

}
