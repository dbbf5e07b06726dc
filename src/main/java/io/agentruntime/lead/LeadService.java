package io.agentruntime.lead;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import io.agentruntime.memory.MemoryErasure;
import io.agentruntime.memory.MemoryOutbox;
import io.agentruntime.memory.MemoryProperties;
import io.agentruntime.memory.MemoryTags;
import io.agentruntime.memory.MemoryUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Leads of a tenant (DESIGN §3): what the reply path needs to know (the lead belongs to the tenant,
 * and its e-mail), create-or-update, and erasure. Every query is filtered by the tenant; another
 * tenant's lead is indistinguishable from a missing one.
 */
@Service
public class LeadService {

	private static final Logger log = LoggerFactory.getLogger(LeadService.class);

	private final LeadRepository leads;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final MemoryOutbox outbox;

	private final MemoryErasure memoryErasure;

	private final String leadKeySecret;

	LeadService(LeadRepository leads, JdbcClient jdbc, TransactionTemplate transactions, MemoryOutbox outbox,
			MemoryErasure memoryErasure, MemoryProperties memory) {
		this.leads = leads;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.outbox = outbox;
		this.memoryErasure = memoryErasure;
		this.leadKeySecret = memory.leadKeySecret();
	}

	/**
	 * The tenant's lead with this id.
	 * @throws LeadNotFound when the tenant has no such lead (also when another tenant has)
	 */
	public LeadRef require(UUID clientId, String leadId) {
		return this.leads.findByClientIdAndLeadId(clientId, leadId)
			.map(lead -> new LeadRef(lead.getLeadId(), lead.getEmail()))
			.orElseThrow(LeadNotFound::new);
	}

	/** The tenant's lead, or empty. */
	Optional<LeadView> find(UUID clientId, String leadId) {
		return this.jdbc.sql("select lead_id, email, name, created_at, updated_at from leads where client_id = :clientId and lead_id = :leadId")
			.param("clientId", clientId)
			.param("leadId", leadId)
			.query((rs, row) -> new LeadView(rs.getString(1), rs.getString(2), rs.getString(3),
					rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getObject(5, OffsetDateTime.class).toInstant()))
			.optional();
	}

	/**
	 * Creates or updates a lead in one statement, so concurrent first PUTs cannot collide.
	 * @return true when the lead was created
	 */
	boolean upsert(UUID clientId, String leadId, String email, String name) {
		return this.jdbc.sql("""
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
	}

	/**
	 * Erases a lead (DESIGN §3, §5): its memory documents upstream (this tenant's only), the lead row,
	 * the text of its exchanges (counts, tokens and timings kept), and its undelivered memory writes.
	 * The store is cleaned first, so a store outage fails the erasure before anything is lost and
	 * the caller can simply retry; it is swept once more after the database commit to catch a
	 * delivery that landed in between.
	 * @throws LeadNotFound when the tenant has no such lead
	 * @throws MemoryUnavailable when the memory store could not be cleaned
	 */
	void erase(UUID clientId, String leadId) {
		LeadView lead = find(clientId, leadId).orElseThrow(LeadNotFound::new);
		String leadKey = (lead.email() != null && !lead.email().isBlank())
				? MemoryTags.leadKey(lead.email(), this.leadKeySecret) : null;
		try {
			this.memoryErasure.eraseLead(clientId, leadKey);
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
			this.jdbc.sql("""
					update agent_exchange set message = null, reply = null, quick_replies = '[]'::jsonb
					where client_id = :clientId and lead_id = :leadId
					""").param("clientId", clientId).param("leadId", leadId).update();
			this.outbox.eraseLead(clientId, leadId);
			return deleted > 0;
		});
		if (!Boolean.TRUE.equals(erased)) {
			throw new LeadNotFound();
		}
		try {
			this.memoryErasure.eraseLead(clientId, leadKey);
		}
		catch (MemoryUnavailableException ex) {
			log.warn("Lead erasure second sweep failed ({}); the first sweep and the outbox guard remain", ex.reason());
		}
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
