package io.agentruntime.lead;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agentruntime.audit.ExchangeLog;
import io.agentruntime.memory.MemoryErasure;
import io.agentruntime.memory.MemoryOutbox;
import io.agentruntime.memory.MemoryUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Leads of a tenant (DESIGN §3): what the reply path needs to know (the lead belongs to
 * the tenant, and its e-mail), create-or-update, and erasure. Every query is filtered by
 * the tenant; another tenant's lead is indistinguishable from a missing one.
 */
@Service
public class LeadService {

	private static final Logger log = LoggerFactory.getLogger(LeadService.class);

	/**
	 * How long the reply path may use a lead it has read: a conversation's turns (tens of
	 * seconds apart) then read the lead once. A stale entry cannot write wrong data: the
	 * reply's write checks the lead's row again and takes the transactional path when its
	 * e-mail changed, and keeps no text of an erased lead (DESIGN §3); an erasure also
	 * empties the memory store first, so a recall under a stale key finds nothing. What
	 * another instance's update or erasure can leave for up to this time: a reply instead
	 * of 404, and a recall under the lead's old e-mail. This instance's are seen at once.
	 */
	static final Duration CACHE_TTL = Duration.ofSeconds(60);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final MemoryOutbox outbox;

	private final MemoryErasure memoryErasure;

	private final ExchangeLog exchanges;

	/**
	 * Leads the reply path has found, so a lead's run of messages costs one query per
	 * minute rather than one per reply (issue 8: about 5 % of the CPU of a reply; issue
	 * 15: one of the last three statements of a reply). Misses are not cached, so a new
	 * lead is usable at once. Safe for erasure: the audit write checks the lead row again
	 * in its own transaction ({@code ExchangeRecorder}), so a reply that used a cached,
	 * since erased lead keeps no text and queues no memory write.
	 */
	private final Cache<LeadCacheKey, LeadRef> cache = Caffeine.newBuilder()
		.expireAfterWrite(CACHE_TTL)
		.maximumSize(10_000)
		.build();

	LeadService(JdbcClient jdbc, TransactionTemplate transactions, MemoryOutbox outbox, MemoryErasure memoryErasure,
			ExchangeLog exchanges) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.outbox = outbox;
		this.memoryErasure = memoryErasure;
		this.exchanges = exchanges;
	}

	/**
	 * The tenant's lead with this id.
	 * @throws LeadNotFound when the tenant has no such lead (also when another tenant
	 * has)
	 */
	public LeadRef require(UUID clientId, String leadId) {
		// A load runs inside the cache's compute, so an eviction after an update or
		// erasure waits for a load in progress and then removes what it read: no stale
		// lead outlives the eviction.
		LeadRef lead = this.cache.get(new LeadCacheKey(clientId, leadId),
				// One plain query in auto-commit: no JPA session or read-only transaction
				// (two round trips) for what is a single-row read on the reply path
				// (issue 8 profile).
				key -> this.jdbc
					.sql("select lead_id, email from leads where client_id = :clientId and lead_id = :leadId")
					.param("clientId", clientId)
					.param("leadId", leadId)
					.query((rs, row) -> new LeadRef(rs.getString(1), rs.getString(2)))
					.optional()
					.orElse(null));
		if (lead == null) {
			throw new LeadNotFound();
		}
		return lead;
	}

	/** The tenant's lead, or empty. */
	Optional<LeadView> find(UUID clientId, String leadId) {
		return this.jdbc.sql(
				"select lead_id, email, name, created_at, updated_at from leads where client_id = :clientId and lead_id = :leadId")
			.param("clientId", clientId)
			.param("leadId", leadId)
			.query((rs, row) -> new LeadView(rs.getString(1), rs.getString(2), rs.getString(3),
					rs.getObject(4, OffsetDateTime.class).toInstant(),
					rs.getObject(5, OffsetDateTime.class).toInstant()))
			.optional();
	}

	/**
	 * Creates or updates a lead in one statement, so concurrent first PUTs cannot
	 * collide.
	 * @return true when the lead was created
	 */
	boolean upsert(UUID clientId, String leadId, String email, String name) {
		boolean created = this.jdbc
			.sql("""
					insert into leads (id, client_id, lead_id, email, name) values (:id, :clientId, :leadId, :email, :name)
					on conflict (client_id, lead_id) do update set email = excluded.email, name = excluded.name, updated_at = now()
					returning (xmax = 0) as created
					""")
			.param("id", UUID.randomUUID())
			.param("clientId", clientId)
			.param("leadId", leadId)
			.param("email", email)
			.param("name", name)
			.query(Boolean.class)
			.single();
		// The statement has committed (no transaction is open here): a reply after this
		// reads the new e-mail.
		this.cache.invalidate(new LeadCacheKey(clientId, leadId));
		return created;
	}

	/**
	 * Erases a lead (DESIGN §3, §5): its memory documents upstream (this tenant's only),
	 * the lead row, the text of its exchanges (counts, tokens and timings kept), and its
	 * undelivered memory writes. The store is cleaned first, so a store outage fails the
	 * erasure before anything is lost and the caller can simply retry; it is swept once
	 * more after the database commit to catch a delivery that landed in between.
	 * @throws LeadNotFound when the tenant has no such lead
	 * @throws MemoryUnavailable when the memory store could not be cleaned
	 */
	void erase(UUID clientId, String leadId) {
		LeadView lead = find(clientId, leadId).orElseThrow(LeadNotFound::new);
		try {
			this.memoryErasure.eraseLead(clientId, leadId, lead.email());
		}
		catch (MemoryUnavailableException ex) {
			log.warn("Lead erasure postponed: memory store unavailable ({})", ex.reason());
			throw new MemoryUnavailable();
		}
		Boolean erased = this.transactions.execute(status -> {
			int deleted = this.jdbc.sql("delete from leads where client_id = :clientId and lead_id = :leadId")
				.param("clientId", clientId)
				.param("leadId", leadId)
				.update();
			this.exchanges.eraseLeadText(clientId, leadId);
			this.outbox.eraseLead(clientId, leadId);
			return deleted > 0;
		});
		this.cache.invalidate(new LeadCacheKey(clientId, leadId));
		if (!Boolean.TRUE.equals(erased)) {
			throw new LeadNotFound();
		}
		try {
			this.memoryErasure.eraseLead(clientId, leadId, lead.email());
		}
		catch (MemoryUnavailableException ex) {
			log.warn("Lead erasure second sweep failed ({}); the first sweep and the outbox guard remain", ex.reason());
		}
	}

	/** A lead of a tenant, as the cache knows it. */
	private record LeadCacheKey(UUID clientId, String leadId) {
	}

	/** A lead as the reply path sees it; {@code email} may be null. */
	public record LeadRef(String leadId, String email) {

		@Override
		public String toString() {
			return "LeadRef[leadId=" + this.leadId + "]";
		}

	}

	/**
	 * A lead as the API shows it.
	 *
	 * @param leadId the dealership's id
	 * @param email the e-mail, or {@code null}
	 * @param name the name, or {@code null}
	 * @param createdAt when it was created
	 * @param updatedAt when it was last changed
	 */
	record LeadView(String leadId, String email, String name, Instant createdAt, Instant updatedAt) {

		@Override
		public String toString() {
			return "LeadView[leadId=" + this.leadId + "]";
		}

	}

}
