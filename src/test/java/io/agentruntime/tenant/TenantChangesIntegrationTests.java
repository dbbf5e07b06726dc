package io.agentruntime.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import io.agentruntime.support.Api;
import io.agentruntime.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tenant lookups are cached for minutes and kept fresh by the change feed (issue 15): a
 * change made behind the instance's back, by plain SQL as another instance or an operator
 * would, takes effect within about a second; a quiet tenant's lookups cost no query after
 * the first; and while the feed cannot be read no entry older than the staleness bound is
 * served.
 */
class TenantChangesIntegrationTests extends IntegrationTest {

	/** One poll interval, plus the time a busy 2-core machine takes to run it. */
	private static final Duration WITHIN_A_POLL = Duration.ofSeconds(3);

	@Autowired
	private TenantChanges changes;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private KeyUses uses;

	@Autowired
	private DataSource dataSource;

	@Test
	void aKeyRevokedByAnotherInstanceIsRefusedWithinASecond() {
		Tenant tenant = newTenant("Feed Revocation Motors");
		assertThat(lookup(tenant).status()).as("the key works and is cached").isEqualTo(404);

		this.jdbc.sql("update api_keys set revoked_at = now() where key_hash = ?")
			.param(ApiKeys.hash(tenant.replyKey()))
			.update();

		await().atMost(WITHIN_A_POLL).pollInterval(Duration.ofMillis(50)).until(() -> lookup(tenant).status() == 401);
		assertThat(lookup(this.newTenant("Feed Neighbour Motors")).status()).isEqualTo(404);
	}

	@Test
	void aClientDisabledBehindTheInstancesBackIsRefusedWithinASecond() {
		Tenant tenant = newTenant("Feed Disabled Motors");
		assertThat(lookup(tenant).status()).isEqualTo(404);

		this.jdbc.sql("update clients set active = false where id = ?").param(tenant.clientId()).update();

		await().atMost(WITHIN_A_POLL).pollInterval(Duration.ofMillis(50)).until(() -> lookup(tenant).status() == 403);
	}

	@Test
	void aConfigActivatedBySqlIsUsedForRepliesWithinASecond() {
		Tenant tenant = newTenant("Feed Persona Motors");
		UUID first = config(tenant.clientId(), true, Map.of("personality", "first persona of the feed"));
		UUID second = config(tenant.clientId(), false, Map.of("personality", "second persona of the feed"));
		assertThat(reply(tenant)).contains("first persona of the feed");

		this.jdbc.sql("update ai_agent_config set is_active = false where id = ?").param(first).update();
		this.jdbc.sql("update ai_agent_config set is_active = true where id = ?").param(second).update();

		await().atMost(WITHIN_A_POLL)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> reply(tenant).contains("second persona of the feed"));
	}

	@Test
	void aQuietTenantsLookupsCostNoQueryAfterTheFirst() {
		Tenant tenant = newTenant("Feed Quiet Motors");
		this.jdbc.sql("update clients set requests_per_minute = 0 where id = ?").param(tenant.clientId()).update();
		config(tenant.clientId(), true, Map.of("personality", "quiet persona"));
		// The rows of this set-up are in the feed: read them now, so that their eviction
		// does not fall among the replies.
		assertThat(this.changes.poll()).isTrue();
		double keys = loads("api-keys");
		double clients = loads("clients");
		double configs = loads("agent-configs");

		for (int i = 0; i < 100; i++) {
			assertThat(this.api.post(Api.REPLY_PATH, tenant.replyKey(), Map.of("message", "Still open on Sunday?"))
				.status()).isEqualTo(200);
		}

		assertThat(loads("api-keys") - keys).as("key lookups that queried").isEqualTo(1);
		assertThat(loads("clients") - clients).as("client lookups that queried").isEqualTo(1);
		assertThat(loads("agent-configs") - configs).as("config lookups that queried").isEqualTo(1);
	}

	@Test
	void aKeysUseIsRecordedInTheBackgroundAtMostOnceAMinute() {
		Tenant tenant = newTenant("Feed Last Used Motors");
		assertThat(lookup(tenant).status()).isEqualTo(404);

		await().atMost(WITHIN_A_POLL).pollInterval(Duration.ofMillis(50)).until(() -> lastUsed(tenant) != null);
		Instant first = lastUsed(tenant);
		assertThat(first).isBetween(Instant.now().minusSeconds(30), Instant.now().plusSeconds(1));
		assertThat(lookup(tenant).status()).isEqualTo(404);
		this.uses.flush();

		assertThat(lastUsed(tenant)).as("a use within the minute writes nothing").isEqualTo(first);
	}

	@Test
	void aChangeThatCommitsAfterALaterOneIsNotMissed() throws SQLException {
		Tenant slow = newTenant("Feed Slow Commit Motors");
		Tenant fast = newTenant("Feed Fast Commit Motors");
		TenantChanges feed = new TenantChanges(JdbcClient.create(this.dataSource), new SimpleMeterRegistry());
		TenantCache<String> names = feed.cache("names", this::name);
		assertThat(feed.poll()).isTrue();
		assertThat(names.get(slow.clientId())).isEqualTo("Feed Slow Commit Motors");
		assertThat(names.get(fast.clientId())).isEqualTo("Feed Fast Commit Motors");

		try (Connection otherInstance = this.dataSource.getConnection()) {
			otherInstance.setAutoCommit(false);
			try (PreparedStatement rename = otherInstance
				.prepareStatement("update clients set name = ? where id = ?")) {
				rename.setString(1, "Feed Slow Commit Motors, renamed");
				rename.setObject(2, slow.clientId());
				rename.executeUpdate();
			}
			this.jdbc.sql("update clients set name = ? where id = ?")
				.params("Feed Fast Commit Motors, renamed", fast.clientId())
				.update();
			assertThat(feed.poll()).isTrue();
			assertThat(names.get(fast.clientId())).isEqualTo("Feed Fast Commit Motors, renamed");
			assertThat(names.get(slow.clientId())).isEqualTo("Feed Slow Commit Motors");
			otherInstance.commit();
		}
		assertThat(feed.poll()).isTrue();

		assertThat(names.get(slow.clientId())).as("the earlier number, committed later")
			.isEqualTo("Feed Slow Commit Motors, renamed");
	}

	@Test
	void whileTheFeedCannotBeReadEntriesOlderThanTheBoundAreNotServed() {
		SwitchableDataSource database = new SwitchableDataSource(this.dataSource);
		TestClock clock = new TestClock();
		TenantChanges feed = new TenantChanges(JdbcClient.create(database), new SimpleMeterRegistry(), clock);
		AtomicReference<String> stored = new AtomicReference<>("before");
		AtomicInteger loads = new AtomicInteger();
		TenantCache<String> cache = feed.cache("fail-safe", clientId -> {
			loads.incrementAndGet();
			return stored.get();
		});
		UUID tenant = UUID.randomUUID();
		assertThat(feed.poll()).isTrue();
		assertThat(cache.get(tenant)).isEqualTo("before");

		clock.advance(Duration.ofMinutes(2));
		assertThat(feed.poll()).isTrue();
		assertThat(cache.get(tenant)).as("while the feed is read, entries live long").isEqualTo("before");
		assertThat(loads).hasValue(1);

		database.cut();
		clock.advance(Duration.ofSeconds(3));
		assertThat(feed.poll()).isFalse();
		assertThat(cache.get(tenant)).as("3 s since the feed was last read").isEqualTo("before");
		stored.set("after");
		clock.advance(Duration.ofSeconds(3));
		assertThat(feed.poll()).isFalse();

		assertThat(cache.get(tenant)).as("6 s since the feed was last read: loaded again").isEqualTo("after");
		assertThat(loads).hasValue(2);
		clock.advance(Duration.ofSeconds(1));
		assertThat(cache.get(tenant)).as("an entry younger than the bound is served").isEqualTo("after");
		assertThat(loads).hasValue(2);

		database.restore();
		clock.advance(Duration.ofSeconds(10));
		assertThat(feed.poll()).isTrue();
		assertThat(cache.get(tenant)).isEqualTo("after");
		assertThat(loads).as("the feed is read again: entries live long again").hasValue(2);
	}

	@Test
	void aLookupThatFindsTheFeedLateReadsItOnceInsteadOfReloadingEveryTenant() {
		TestClock clock = new TestClock();
		TenantChanges feed = new TenantChanges(JdbcClient.create(this.dataSource), new SimpleMeterRegistry(), clock);
		AtomicInteger loads = new AtomicInteger();
		TenantCache<String> cache = feed.cache("late-feed", clientId -> "loaded " + loads.incrementAndGet());
		UUID quiet = UUID.randomUUID();
		UUID changed = UUID.randomUUID();
		assertThat(feed.poll()).isTrue();
		assertThat(cache.get(quiet)).isEqualTo("loaded 1");
		assertThat(cache.get(changed)).isEqualTo("loaded 2");

		// The scheduled poll falls behind (an overloaded instance) while one tenant
		// changes.
		this.jdbc.sql("insert into tenant_change (client_id) values (?)").param(changed).update();
		clock.advance(Duration.ofSeconds(6));

		assertThat(cache.get(quiet)).as("the feed is read, the quiet tenant's entry kept").isEqualTo("loaded 1");
		assertThat(cache.get(changed)).as("the change read from the feed").isEqualTo("loaded 3");
		assertThat(loads).hasValue(3);
	}

	private String name(UUID clientId) {
		return this.jdbc.sql("select name from clients where id = ?").param(clientId).query(String.class).single();
	}

	private Instant lastUsed(Tenant tenant) {
		return this.jdbc.sql("select last_used_at from api_keys where key_hash = ?")
			.param(ApiKeys.hash(tenant.replyKey()))
			.query(Instant.class)
			.list()
			.get(0);
	}

	/** The cheapest authenticated call: 404 for a lead that does not exist. */
	private Api.Response lookup(Tenant tenant) {
		return this.api.get("/api/agent/leads/no-such-lead", tenant.replyKey());
	}

	private String reply(Tenant tenant) {
		LLM.reset();
		assertThat(this.api.post(Api.REPLY_PATH, tenant.replyKey(), Map.of("message", "Who am I talking to?")).status())
			.isEqualTo(200);
		return LLM.calls().get(0).system();
	}

	private double loads(String cache) {
		return this.meters.get("agent.tenant.cache.loads").tag("name", cache).counter().count();
	}

	/** A database that can become unreachable, as in an outage. */
	private static final class SwitchableDataSource extends DelegatingDataSource {

		private volatile boolean cut;

		SwitchableDataSource(DataSource target) {
			super(target);
		}

		void cut() {
			this.cut = true;
		}

		void restore() {
			this.cut = false;
		}

		@Override
		public Connection getConnection() throws SQLException {
			if (this.cut) {
				throw new SQLTransientConnectionException("Connection refused", "08001");
			}
			return super.getConnection();
		}

	}

	private static final class TestClock extends Clock {

		private volatile Instant now = Instant.now();

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
