package io.agentruntime.ops;

import java.util.Map;

import io.agentruntime.agentconfig.AgentConfigService;
import io.agentruntime.support.Api;
import io.agentruntime.support.IntegrationTest;
import io.agentruntime.support.StatementLog;
import io.agentruntime.tenant.TenantChanges;
import io.agentruntime.tenant.TenantDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up before the port opens reads the lookups of recently active tenants ahead
 * (issue 15): their first requests after a start cost no lookup.
 */
class WarmUpIntegrationTests extends IntegrationTest {

	@Autowired
	private WarmUp warmUp;

	@Autowired
	private TenantDirectory directory;

	@Autowired
	private AgentConfigService configs;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private TenantChanges changes;

	@Test
	void aRecentlyActiveTenantsFirstReplyAfterAStartCostsNoLookup() {
		Tenant tenant = newTenant("Warm Up Motors");
		config(tenant.clientId(), true, Map.of("personality", "warmed-up persona"));
		this.jdbc.sql("update api_keys set last_used_at = now() - interval '2 hours' where client_id = ?")
			.param(tenant.clientId())
			.update();
		forgetEverything(tenant);

		this.warmUp.preloadTenants();
		double keys = loads("api-keys");
		double clients = loads("clients");
		double configs = loads("agent-configs");
		double dealershipMemory = loads("dealership-memory");

		LLM.reset();
		Api.Response reply;
		try (StatementLog.Recording statements = StatementLog.start()) {
			reply = this.api.post(Api.REPLY_PATH, tenant.replyKey(), Map.of("message", "Open on Sunday?"));
			assertThat(statements.of(reply.header("X-Request-Id"))).extracting(StatementLog.Executed::sql)
				.as("today's token total read ahead too")
				.noneMatch(sql -> sql.contains("tenant_daily_tokens"));
		}
		assertThat(reply.status()).isEqualTo(200);
		assertThat(LLM.calls().get(0).system()).contains("warmed-up persona");
		assertThat(loads("api-keys") - keys).as("key lookups that queried").isZero();
		assertThat(loads("clients") - clients).as("client lookups that queried").isZero();
		assertThat(loads("agent-configs") - configs).as("config lookups that queried").isZero();
		assertThat(loads("dealership-memory") - dealershipMemory).as("dealership memory lookups that queried").isZero();
	}

	@Test
	void aTenantNotSeenForADayIsLeftToItsFirstRequest() {
		Tenant tenant = newTenant("Warm Up Quiet Motors");
		this.jdbc.sql("update api_keys set last_used_at = now() - interval '2 days' where client_id = ?")
			.param(tenant.clientId())
			.update();
		forgetEverything(tenant);

		this.warmUp.preloadTenants();
		double keys = loads("api-keys");

		assertThat(this.api.post(Api.REPLY_PATH, tenant.replyKey(), Map.of("message", "Open on Sunday?")).status())
			.isEqualTo(200);
		assertThat(loads("api-keys") - keys).as("key lookups that queried").isEqualTo(1);
	}

	/** As after a restart: nothing of the tenant cached. */
	private void forgetEverything(Tenant tenant) {
		// The set-up's rows are in the change feed: read them now, so that the background
		// poll does not evict what the warm-up reads ahead.
		assertThat(this.changes.poll()).isTrue();
		this.directory.evictAll();
		this.configs.evict(tenant.clientId());
	}

	private double loads(String cache) {
		return this.meters.get("agent.tenant.cache.loads").tag("name", cache).counter().count();
	}

}
