package io.agentruntime.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.limits.TokenUsage;
import io.agentruntime.memory.MemoryOutbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes the audit row of a reply and its memory outbox row in one short transaction,
 * committed before the response is sent: every 200 reply has its row, and its memory
 * write is queued durably or not at all (DESIGN §5).
 */
@Service
public class ExchangeRecorder {

	private final JdbcClient jdbc;

	private final ObjectMapper mapper;

	private final MemoryOutbox memoryOutbox;

	private final TokenUsage tokenUsage;

	ExchangeRecorder(JdbcClient jdbc, ObjectMapper mapper, MemoryOutbox memoryOutbox, TokenUsage tokenUsage) {
		this.jdbc = jdbc;
		this.mapper = mapper;
		this.memoryOutbox = memoryOutbox;
		this.tokenUsage = tokenUsage;
	}

	/**
	 * Records one exchange and queues its memory write: one statement (the audit row and
	 * the outbox row in one CTE), after one share-locked read of the lead when there is
	 * one (DESIGN §15: few round trips per reply).
	 * @return the new exchange id
	 */
	@Transactional
	public UUID record(ExchangeRecord exchange) {
		UUID id = UUID.randomUUID();
		// Read with a share lock, so an erasure waits for this transaction; a lead erased
		// while this reply was being made: keep the counts, not the text (DESIGN §3).
		Optional<String> leadEmail = (exchange.leadId() != null)
				? this.memoryOutbox.leadEmail(exchange.clientId(), exchange.leadId()) : Optional.empty();
		boolean erased = exchange.leadId() != null && leadEmail.isEmpty();
		Optional<MemoryOutbox.Write> write = erased ? Optional.empty()
				: this.memoryOutbox.exchangeWrite(id, exchange.clientId(), exchange.leadId(), leadEmail.orElse(null),
						exchange.conversationId(), exchange.message(), exchange.reply());
		Map<String, Object> params = new HashMap<>();
		params.put("id", id);
		params.put("clientId", exchange.clientId());
		params.put("configId", exchange.configId());
		params.put("leadId", exchange.leadId());
		params.put("conversationId", exchange.conversationId());
		params.put("requestId", exchange.requestId());
		params.put("message", erased ? null : exchange.message());
		params.put("reply", erased ? null : exchange.reply());
		params.put("quickReplies", json(exchange.quickReplies()));
		params.put("model", exchange.model());
		params.put("promptTokens", exchange.promptTokens());
		params.put("completionTokens", exchange.completionTokens());
		params.put("latencyMs", (int) Math.min(exchange.latencyMs(), Integer.MAX_VALUE));
		params.put("llmLatencyMs", (int) Math.min(exchange.llmLatencyMs(), Integer.MAX_VALUE));
		params.put("llmAttempts", exchange.llmAttempts());
		params.put("memoryDocs", exchange.memoryDocs());
		params.put("degradedReasons", json(exchange.degradedReasons()));
		params.put("policyRules", json(exchange.policyRules()));
		String insertExchange = """
				insert into agent_exchange (id, client_id, config_id, lead_id, conversation_id, request_id, message, reply,
				    quick_replies, model, prompt_tokens, completion_tokens, latency_ms, llm_latency_ms, llm_attempts,
				    memory_docs, degraded_reasons, policy_rules)
				values (:id, :clientId, :configId, :leadId, :conversationId, :requestId, :message, :reply,
				    cast(:quickReplies as jsonb), :model, :promptTokens, :completionTokens, :latencyMs, :llmLatencyMs,
				    :llmAttempts, :memoryDocs, cast(:degradedReasons as jsonb), cast(:policyRules as jsonb))
				""";
		if (write.isPresent()) {
			params.putAll(write.get().params());
			this.jdbc.sql("with exchange as (" + insertExchange + ") " + MemoryOutbox.Write.INSERT)
				.params(params)
				.update();
		}
		else {
			this.jdbc.sql(insertExchange).params(params).update();
		}
		// Counted for the daily budget in this instance's memory, written to the shared
		// counter in batches (limits.TokenUsage).
		this.tokenUsage.spent(exchange.clientId(),
				tokens(exchange.promptTokens()) + tokens(exchange.completionTokens()));
		return id;
	}

	private static long tokens(Integer count) {
		return (count != null) ? count : 0;
	}

	private String json(List<String> values) {
		try {
			return this.mapper.writeValueAsString(values);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
