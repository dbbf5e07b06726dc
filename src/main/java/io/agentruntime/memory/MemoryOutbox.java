package io.agentruntime.memory;

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

	MemoryOutbox(JdbcClient jdbc, ObjectMapper mapper, MemoryClient memory, MemoryProperties properties) {
		this.jdbc = jdbc;
		this.mapper = mapper;
		this.memory = memory;
		this.leadKeySecret = properties.leadKeySecret();
	}

	/**
	 * Queues one exchange (the lead's message and the reply): customId
	 * {@code ex_<exchangeId>}, tags {@code [client]} or {@code [client, lead]}, metadata
	 * {@code clientId}, {@code kind}, {@code leadKey} and {@code conversationId} when
	 * known.
	 * @param leadId the tenant's lead id, or {@code null}
	 */
	public void enqueueExchange(UUID exchangeId, UUID clientId, String leadId, String conversationId, String message,
			String reply) {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("kind", "exchange");
		if (conversationId != null) {
			metadata.put("conversationId", conversationId);
		}
		Optional<String> leadKey = leadKey(clientId, leadId);
		if (leadId != null && leadKey.isEmpty()) {
			// The lead was erased while this reply was being made: remember nothing about
			// it.
			return;
		}
		insert(UUID.randomUUID(), "ex_" + exchangeId, clientId, leadId, leadKey.filter(k -> !k.isEmpty()).orElse(null),
				exchangeText(message, reply), metadata);
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
		Optional<String> leadKey = leadKey(clientId, leadId);
		if (leadId != null && leadKey.isEmpty()) {
			return Optional.empty();
		}
		UUID id = UUID.randomUUID();
		Map<String, Object> all = new LinkedHashMap<>(metadata);
		all.putIfAbsent("kind", "ingest");
		insert(id, "in_" + id, clientId, leadId, leadKey.filter(k -> !k.isEmpty()).orElse(null), content, all);
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
	 * Whether the tenant still has this lead, read with a share lock so a concurrent
	 * erasure waits for the caller's transaction (and then blanks and erases what it
	 * wrote).
	 */
	public boolean leadExists(UUID clientId, String leadId) {
		return this.jdbc.sql("select 1 from leads where client_id = :clientId and lead_id = :leadId for share")
			.param("clientId", clientId)
			.param("leadId", leadId)
			.query(Integer.class)
			.optional()
			.isPresent();
	}

	/**
	 * The key of a tenant's lead, read in the caller's transaction with a share lock, so
	 * an erasure (which deletes the lead row) waits for this transaction and then also
	 * erases what it queued.
	 * @return the key; empty when there is no such lead, or it has no e-mail
	 */
	Optional<String> leadKey(UUID clientId, String leadId) {
		if (leadId == null) {
			return Optional.empty();
		}
		return this.jdbc
			.sql("select coalesce(email, '') from leads where client_id = :clientId and lead_id = :leadId for share")
			.param("clientId", clientId)
			.param("leadId", leadId)
			.query(String.class)
			.optional()
			.map(email -> email.isBlank() ? "" : MemoryTags.leadKey(email, this.leadKeySecret));
	}

	private void insert(UUID id, String customId, UUID clientId, String leadId, String leadKey, String content,
			Map<String, Object> extra) {
		if (this.memory.disabled()) {
			return;
		}
		Map<String, Object> metadata = new LinkedHashMap<>(extra);
		// Ours last, so a caller's metadata can never claim another tenant (DESIGN §5).
		metadata.put("clientId", clientId.toString());
		metadata.remove("leadKey");
		if (leadKey != null) {
			metadata.put("leadKey", leadKey);
		}
		List<String> tags = (leadKey != null) ? MemoryTags.leadScope(clientId, leadKey)
				: MemoryTags.dealershipScope(clientId);
		try {
			this.jdbc
				.sql("""
						insert into memory_outbox (id, client_id, lead_id, custom_id, content, tags, metadata)
						values (:id, :clientId, :leadId, :customId, :content, cast(:tags as jsonb), cast(:metadata as jsonb))
						""")
				.param("id", id)
				.param("clientId", clientId)
				.param("leadId", leadId)
				.param("customId", customId)
				.param("content", content)
				.param("tags", this.mapper.writeValueAsString(tags))
				.param("metadata", this.mapper.writeValueAsString(metadata))
				.update();
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
