package io.agentruntime.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import java.util.Map;
import java.util.UUID;

import io.agentruntime.support.Api;
import io.agentruntime.support.IntegrationTest;
import io.agentruntime.tenant.TenantDirectory;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The defaults of {@code agent.limits.*} apply to clients without overrides; idle buckets
 * are cleaned up.
 */
class TenantLimitsTests extends IntegrationTest {

	@Autowired
	private ProxyManager<String> buckets;

	@Autowired
	private TenantDirectory directory;

	@Autowired
	private TokenUsage tokens;

	@Autowired
	private RateLimitConfiguration.ExpiredBucketCleaner cleaner;

	@Test
	void appliesTheConfiguredDefaultsToAClientWithoutOverrides() {
		UUID clientId = newTenant("Default Limits Motors").clientId();
		TenantLimits limits = new TenantLimits(this.buckets, this.tokens, new LimitsProperties(2, 0),
				new SimpleMeterRegistry(), this.directory);

		limits.admit(clientId, true);
		limits.admit(clientId, true);

		assertThatThrownBy(() -> limits.admit(clientId, true)).isInstanceOf(TenantRateLimited.class)
			.satisfies(ex -> assertThat(((TenantRateLimited) ex).retryAfterSeconds()).isBetween(1L, 31L));
	}

	@Test
	void aLimitChangedByThePlatformAdminAppliesAtOnceAlthoughTheClientIsCached() {
		Tenant tenant = newTenant("Repriced Motors");
		assertThat(reply(tenant).status()).as("caches the client without overrides").isEqualTo(200);

		assertThat(
				this.api.patch("/api/admin/clients/" + tenant.clientId(), PLATFORM_KEY, Map.of("requestsPerMinute", 1))
					.status())
			.isEqualTo(200);

		assertThat(reply(tenant).status()).isEqualTo(200);
		assertThat(reply(tenant).status()).isEqualTo(429);
	}

	private Api.Response reply(Tenant tenant) {
		return this.api.post("/api/agent/reply", tenant.replyKey(), Map.of("message", "Any offers this week?"));
	}

	@Test
	void aDefaultTokenBudgetOfZeroMeansUnlimited() {
		UUID clientId = newTenant("No Budget Motors").clientId();
		this.tokens.spent(clientId, 1_800_000);
		TenantLimits unlimited = new TenantLimits(this.buckets, this.tokens, new LimitsProperties(0, 0),
				new SimpleMeterRegistry(), this.directory);
		TenantLimits budgeted = new TenantLimits(this.buckets, this.tokens, new LimitsProperties(0, 1_000_000),
				new SimpleMeterRegistry(), this.directory);

		assertThatCode(() -> unlimited.admit(clientId, true)).doesNotThrowAnyException();
		assertThatThrownBy(() -> budgeted.admit(clientId, true)).isInstanceOf(TenantRateLimited.class);
		assertThatCode(() -> budgeted.admit(clientId, false)).as("memory ingest spends no tokens")
			.doesNotThrowAnyException();
	}

	@Test
	void aQuietTenantIsServedLocallyBetweenSynchronisationsOfItsBucket() throws InterruptedException {
		// A tenant of a many-tenant instance: a request every second or two, far below
		// its limit. With a one-second time bound, each of its requests synchronised the
		// shared bucket (four round trips and a row lock); now only its share of the
		// limit makes a request synchronise, and the background does it after a minute
		// (issue 15).
		UUID clientId = newTenant("Quiet Dealer Motors").clientId();
		TenantLimits limits = new TenantLimits(this.buckets, this.tokens, new LimitsProperties(1000, 0),
				new SimpleMeterRegistry(), this.directory);
		limits.admit(clientId, false);
		byte[] shared = bucketState(clientId);

		Thread.sleep(1_200); // longer than the sync interval of 1 s: wall time is the
								// point
		for (int i = 0; i < 5; i++) {
			limits.admit(clientId, false);
		}

		assertThat(bucketState(clientId)).as("the shared bucket was not synchronised").isEqualTo(shared);
	}

	@Test
	void theBackgroundCarriesRequestsServedLocallyToTheSharedBucketOnceTheyAreAMinuteOld() {
		// 100 a minute: this instance serves up to 5 requests locally, and a reply never
		// synchronises for the clock's sake; the scheduler does.
		UUID clientId = newTenant("Background Sync Motors").clientId();
		TenantLimits limits = new TenantLimits(this.buckets, this.tokens, new LimitsProperties(100, 0),
				new SimpleMeterRegistry(), this.directory);
		for (int i = 0; i < 5; i++) {
			limits.admit(clientId, false);
		}
		long before = sharedTokens(clientId, 100);

		limits.synchronise(TenantLimits.MAX_UNSYNCHRONIZED_TIME);
		assertThat(sharedTokens(clientId, 100)).as("nothing is a minute old yet").isBetween(before, before + 1);

		limits.synchronise(Duration.ZERO);
		// The bucket refills one token every 600 ms, so one may land between the reads.
		assertThat(before - sharedTokens(clientId, 100)).as("the four requests served locally").isBetween(3L, 4L);
	}

	/** What the shared bucket holds now, read without consuming. */
	private long sharedTokens(UUID clientId, int perMinute) {
		return this.buckets.builder()
			.build("rpm:" + clientId + ":" + perMinute,
					() -> BucketConfiguration.builder()
						.addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
						.build())
			.getAvailableTokens();
	}

	private byte[] bucketState(UUID clientId) {
		return this.jdbc.sql("select state from rate_limit_bucket where id like ?")
			.param("rpm:" + clientId + "%")
			.query(byte[].class)
			.single();
	}

	@Test
	void keepsLimitingATenantWhoseBucketTheCleanerRemoved() throws InterruptedException {
		UUID clientId = newTenant("Idle Then Busy Motors").clientId();
		TenantLimits limits = new TenantLimits(this.buckets, this.tokens, new LimitsProperties(1000, 0),
				new SimpleMeterRegistry(), this.directory);
		for (int i = 0; i < 30; i++) {
			limits.admit(clientId, false);
		}
		// What the expired-bucket cleaner does to a tenant idle for a minute, while this
		// instance still holds the bucket's proxy.
		this.jdbc.sql("delete from rate_limit_bucket where id like ?").param("rpm:" + clientId + "%").update();

		// Concurrent requests of the tenant, as a busy instance sends them (bucket4j
		// batches
		// them into one call to PostgreSQL).
		ExecutorService callers = Executors.newFixedThreadPool(16);
		try {
			List<Future<?>> admitted = new ArrayList<>();
			for (int i = 0; i < 300; i++) {
				admitted.add(callers.submit(() -> limits.admit(clientId, false)));
			}
			for (Future<?> each : admitted) {
				assertThatCode(each::get).doesNotThrowAnyException();
			}
		}
		finally {
			callers.shutdownNow();
		}
		assertThatThrownBy(() -> {
			for (int i = 0; i < 2000; i++) {
				limits.admit(clientId, false);
			}
		}).as("the limit still holds").isInstanceOf(TenantRateLimited.class);
	}

	@Test
	void removesBucketsWhoseTimeHasPassed() {
		this.jdbc.sql("insert into rate_limit_bucket (id, state, expires_at) values (?, null, ?)")
			.params("rpm:expired-test", System.currentTimeMillis() - 60_000)
			.update();

		this.cleaner.removeExpired();

		assertThat(this.jdbc.sql("select count(*) from rate_limit_bucket where id = 'rpm:expired-test'")
			.query(Integer.class)
			.single()).isZero();
	}

}
