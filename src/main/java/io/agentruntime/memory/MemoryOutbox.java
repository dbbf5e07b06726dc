package io.agentruntime.memory;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues memory writes in {@code memory_outbox} (DESIGN §5). Every method joins the
 * caller's transaction, so an exchange's write commits or rolls back with its audit row,
 * and nothing here touches an upstream: a reply is never delayed or failed by memory.
 * {@link MemoryOutboxWorker} delivers the rows.
 */
@Service
public class MemoryOutbox {

	private final JdbcClient jdbc;

	private final ObjectMapper mapper;

	private final MemoryClient memory;

	private final String leadKeySecret;

	private final LeadEmails leads;

	private final MemoryOutboxWorker worker;

	private final DealershipMemory dealershipMemory;

	MemoryOutbox(JdbcClient jdbc, ObjectMapper mapper, MemoryClient memory, MemoryProperties properties,
			LeadEmails leads, MemoryOutboxWorker worker, DealershipMemory dealershipMemory) {
		this.jdbc = jdbc;
		this.mapper = mapper;
		this.memory = memory;
		this.leadKeySecret = properties.leadKeySecret();
		this.leads = leads;
		this.worker = worker;
		this.dealershipMemory = dealershipMemory;
	}

	/**
	 * Parameters of {@link Write#insertWhere} that insert the row already claimed by this
	 * instance (one attempt, due again a lease later), when this instance delivers: the
	 * writer hands it to {@link #handOff} after the commit, so no worker's claim
	 * {@code UPDATE} writes the row a second time (issue 15). A row whose writer stopped
	 * before delivering it is claimed by any worker when the lease ends.
	 * @return parameters overriding {@link Write#params()}; none when this instance does
	 * not deliver
	 */
	public Map<String, Object> claimedAtInsert() {
		return this.worker.claimsAtInsert()
				? Map.of("outboxAttempts", 1, "outboxLeaseMs", this.worker.lease().toMillis()) : Map.of();
	}

	/**
	 * Delivers a row inserted with {@link #claimedAtInsert()}, after its statement
	 * committed, in the background; without a free delivery slot it is left to the worker
	 * after its lease.
	 */
	public void handOff(Write write) {
		this.worker.deliverClaimed(write);
	}

	/**
	 * Queues one exchange (the lead's message and the reply): customId
	 * {@code ex_<exchangeId>}, under the lead's scope when there is a lead, else under
	 * the conversation's scope (DESIGN §5); metadata {@code clientId}, {@code scope},
	 * {@code kind}, the lead or conversation key and {@code conversationId} when known.
	 * An exchange with neither a lead nor a conversation is not written.
	 * @param leadId the tenant's lead id, or {@code null}
	 */
	public void enqueueExchange(UUID exchangeId, UUID clientId, String leadId, String conversationId, String message,
			String reply) {
		Optional<String> email = (leadId != null) ? leadEmail(clientId, leadId) : Optional.empty();
		if (leadId != null && email.isEmpty()) {
			// The lead was erased while this reply was being made: remember nothing about
			// it.
			return;
		}
		exchangeWrite(exchangeId, clientId, leadId, email.orElse(null), conversationId, message, reply)
			.ifPresent(this::insert);
	}

	/**
	 * The row {@link #enqueueExchange} would queue, for a caller that inserts it in its
	 * own statement (the audit insert, DESIGN §15) after reading the lead with
	 * {@link #leadEmail} in the same transaction.
	 * @param leadEmail the lead's e-mail as read ({@code ""} for none), or {@code null}
	 * without a lead
	 * @return the row; empty when memory is off
	 */
	public Optional<Write> exchangeWrite(UUID exchangeId, UUID clientId, String leadId, String leadEmail,
			String conversationId, String message, String reply) {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("kind", "exchange");
		if (conversationId != null) {
			metadata.put("conversationId", conversationId);
		}
		MemoryScope scope;
		if (leadId != null) {
			scope = MemoryScope.lead(clientId, MemoryTags.leadKey(clientId, leadId, leadEmail, this.leadKeySecret));
		}
		else {
			String conversationKey = MemoryTags.conversationKey(clientId, conversationId, this.leadKeySecret);
			if (conversationKey == null) {
				// Neither a lead nor a conversation: no later request could ever recall
				// it
				// safely, and under the dealership scope every visitor would.
				return Optional.empty();
			}
			scope = MemoryScope.conversation(clientId, conversationKey);
		}
		return write(UUID.randomUUID(), "ex_" + exchangeId, clientId, leadId, scope, exchangeText(message, reply),
				metadata);
	}

	/**
	 * The document of an exchange; a lead's message while staff had the conversation has
	 * no reply, a staff message no lead message (DESIGN §11).
	 */
	static String exchangeText(String message, String reply) {
		if (reply == null) {
			return "Lead: " + message;
		}
		return (message == null) ? "Dealership: " + reply : "Lead: " + message + "\nAssistant: " + reply;
	}

	/**
	 * Queues an ingested document ({@code POST /api/agent/memory}), tagged and delivered
	 * exactly like the runtime's own writes; customId {@code in_<id>}.
	 * @param leadId the tenant's lead id, or {@code null} for dealership-wide memory
	 * @param metadata the caller's flat metadata; {@code clientId} and {@code leadKey}
	 * are ours and win
	 * @return the queued write's id; empty when the tenant has no such lead
	 */
	@Transactional
	public Optional<UUID> enqueueIngest(UUID clientId, String leadId, String content, Map<String, Object> metadata) {
		MemoryScope scope = MemoryScope.dealership(clientId);
		if (leadId != null) {
			Optional<String> leadKey = leadKey(clientId, leadId);
			if (leadKey.isEmpty()) {
				return Optional.empty();
			}
			scope = MemoryScope.lead(clientId, leadKey.get());
		}
		UUID id = UUID.randomUUID();
		Map<String, Object> all = new LinkedHashMap<>(metadata);
		all.putIfAbsent("kind", "ingest");
		write(id, "in_" + id, clientId, leadId, scope, content, all).ifPresent((write) -> {
			if (leadId == null) {
				this.dealershipMemory.add(clientId);
			}
			insert(write);
		});
		return Optional.of(id);
	}

	/**
	 * Erasure: the lead's undelivered rows lose their text and are marked {@code erased},
	 * so the worker never delivers them; a delivery already in flight is undone by the
	 * worker when it finds its row erased.
	 * @return rows erased
	 */
	public int eraseLead(UUID clientId, String leadId) {
		return this.jdbc.sql("""
				update memory_outbox set status = 'erased', content = '', metadata = '{}'::jsonb
				where client_id = :clientId and lead_id = :leadId and status in ('pending', 'dead')
				""").param("clientId", clientId).param("leadId", leadId).update();
	}

	/**
	 * The key of a tenant's lead, read in the caller's transaction with a share lock, so
	 * an erasure (which deletes the lead row) waits for this transaction and then also
	 * erases what it queued.
	 * @return the key (of the e-mail, or of the lead id when it has none); empty when
	 * there is no such lead
	 */
	Optional<String> leadKey(UUID clientId, String leadId) {
		if (leadId == null) {
			return Optional.empty();
		}
		return leadEmail(clientId, leadId)
			.map(email -> MemoryTags.leadKey(clientId, leadId, email, this.leadKeySecret));
	}

	/**
	 * The e-mail of a tenant's lead ({@code ""} when it has none), read in the caller's
	 * transaction with a share lock like {@link #leadKey}.
	 * @return empty when there is no such lead
	 */
	public Optional<String> leadEmail(UUID clientId, String leadId) {
		return this.leads.lockedEmail(clientId, leadId);
	}

	/**
	 * {@link #leadEmail} as SQL for a caller's own statement: see
	 * {@link LeadEmails#lockedEmailSql()}.
	 */
	public String leadEmailSql() {
		return this.leads.lockedEmailSql();
	}

	private Optional<Write> write(UUID id, String customId, UUID clientId, String leadId, MemoryScope scope,
			String content, Map<String, Object> extra) {
		if (this.memory.disabled()) {
			return Optional.empty();
		}
		Map<String, Object> metadata = new LinkedHashMap<>(extra);
		// Ours last, so a caller's metadata can never claim another tenant, scope, lead
		// or conversation (DESIGN §5).
		scope.stamp(metadata);
		List<String> tags = scope.tags();
		try {
			return Optional.of(new Write(id, clientId, leadId, customId, content, this.mapper.writeValueAsString(tags),
					this.mapper.writeValueAsString(metadata)));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Deletes the dead writes queued before {@code cutoff}, batch by batch, each its own
	 * short statement: a dead write holds a lead's message like the exchange row does, so
	 * it follows the audit retention (DESIGN §7); pending rows stay, they are still to be
	 * delivered. {@code SKIP LOCKED} lets several instances share the work.
	 * @return rows deleted
	 */
	public int purgeDead(OffsetDateTime cutoff, int batch) {
		int total = 0;
		int deleted;
		do {
			deleted = this.jdbc.sql("""
					delete from memory_outbox where id in (
					    select id from memory_outbox where status = 'dead' and created_at < ?
					    limit ? for update skip locked)
					""").params(cutoff, batch).update();
			total += deleted;
		}
		while (deleted == batch);
		return total;
	}

	private void insert(Write write) {
		this.jdbc.sql(Write.INSERT).params(write.params()).update();
	}

	/**
	 * One queued memory write as its {@code memory_outbox} row: {@link #INSERT} (named
	 * parameters {@code outbox*}) lets a caller put the insert in its own statement, e.g.
	 * after a CTE, so the audit row and its write take one round trip (DESIGN §15).
	 *
	 * @param tags the tags as a JSON array
	 * @param metadata the metadata as a JSON object
	 */
	public record Write(UUID id, UUID clientId, String leadId, String customId, String content, String tags,
			String metadata) {

		/** The inserted columns. */
		public static final String COLUMNS = "(id, client_id, lead_id, custom_id, content, tags, metadata)";

		/** Their values as named parameters of {@link #params()}. */
		public static final String VALUES = "(:outboxId, :outboxClientId, :outboxLeadId, :outboxCustomId, "
				+ ":outboxContent, cast(:outboxTags as jsonb), cast(:outboxMetadata as jsonb))";

		/**
		 * The whole insert of the row, a statement of its own or the main statement after
		 * a caller's {@code WITH} clause.
		 */
		public static final String INSERT = "insert into memory_outbox " + COLUMNS + " values " + VALUES;

		/**
		 * The insert of the row only when {@code condition} holds, for a caller's CTE
		 * whose writes are all or nothing (DESIGN §15); the same named parameters as
		 * {@link #INSERT}, typed, as a {@code SELECT} gives them no column to infer from.
		 * @param condition an SQL condition, e.g. {@code exists (select 1 from exchange)}
		 */
		public static String insertWhere(String condition) {
			return "insert into memory_outbox (id, client_id, lead_id, custom_id, content, tags, metadata, attempts,"
					+ " next_attempt_at) select cast(:outboxId as uuid),"
					+ " cast(:outboxClientId as uuid), cast(:outboxLeadId as varchar), cast(:outboxCustomId as varchar),"
					+ " cast(:outboxContent as text), cast(:outboxTags as jsonb), cast(:outboxMetadata as jsonb),"
					+ " cast(:outboxAttempts as integer), now() + cast(:outboxLeaseMs as bigint) * interval '1 millisecond'"
					+ " where " + condition;
		}

		/**
		 * The named parameters of {@link #VALUES}, and of {@link #insertWhere} for a row
		 * due at once (see {@link MemoryOutbox#claimedAtInsert()}).
		 */
		public Map<String, Object> params() {
			Map<String, Object> params = new HashMap<>();
			params.put("outboxAttempts", 0);
			params.put("outboxLeaseMs", 0L);
			params.put("outboxId", this.id);
			params.put("outboxClientId", this.clientId);
			params.put("outboxLeadId", this.leadId);
			params.put("outboxCustomId", this.customId);
			params.put("outboxContent", this.content);
			params.put("outboxTags", this.tags);
			params.put("outboxMetadata", this.metadata);
			return params;
		}

		@Override
		public String toString() {
			return "Write[id=" + this.id + ", customId=" + this.customId + "]";
		}

	}

}
