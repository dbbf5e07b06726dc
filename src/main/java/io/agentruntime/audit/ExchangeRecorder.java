package io.agentruntime.audit;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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

	ExchangeRecorder(JdbcClient jdbc, ObjectMapper mapper, MemoryOutbox memoryOutbox) {
		this.jdbc = jdbc;
		this.mapper = mapper;
		this.memoryOutbox = memoryOutbox;
	}

	/**
	 * Records one exchange and queues its memory write.
	 * @return the new exchange id
	 */
	@Transactional
	public UUID record(ExchangeRecord exchange) {
		UUID id = UUID.randomUUID();
		// A lead erased while this reply was being made: keep the counts, not the text
		// (DESIGN §3).
		boolean erased = exchange.leadId() != null
				&& !this.memoryOutbox.leadExists(exchange.clientId(), exchange.leadId());
		this.jdbc
			.sql("""
					insert into agent_exchange (id, client_id, config_id, lead_id, conversation_id, request_id, message, reply,
					    quick_replies, model, prompt_tokens, completion_tokens, latency_ms, llm_latency_ms, llm_attempts,
					    memory_docs, degraded_reasons, policy_rules)
					values (:id, :clientId, :configId, :leadId, :conversationId, :requestId, :message, :reply,
					    cast(:quickReplies as jsonb), :model, :promptTokens, :completionTokens, :latencyMs, :llmLatencyMs,
					    :llmAttempts, :memoryDocs, cast(:degradedReasons as jsonb),
					    cast(:policyRules as jsonb))
					""")
			.param("id", id)
			.param("clientId", exchange.clientId())
			.param("configId", exchange.configId())
			.param("leadId", exchange.leadId())
			.param("conversationId", exchange.conversationId())
			.param("requestId", exchange.requestId())
			.param("message", erased ? null : exchange.message())
			.param("reply", erased ? null : exchange.reply())
			.param("quickReplies", json(exchange.quickReplies()))
			.param("model", exchange.model())
			.param("promptTokens", exchange.promptTokens())
			.param("completionTokens", exchange.completionTokens())
			.param("latencyMs", (int) Math.min(exchange.latencyMs(), Integer.MAX_VALUE))
			.param("llmLatencyMs", (int) Math.min(exchange.llmLatencyMs(), Integer.MAX_VALUE))
			.param("llmAttempts", exchange.llmAttempts())
			.param("memoryDocs", exchange.memoryDocs())
			.param("degradedReasons", json(exchange.degradedReasons()))
			.param("policyRules", json(exchange.policyRules()))
			.update();
		if (!erased) {
			this.memoryOutbox.enqueueExchange(id, exchange.clientId(), exchange.leadId(), exchange.conversationId(),
					exchange.message(), exchange.reply());
		}
		return id;
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
