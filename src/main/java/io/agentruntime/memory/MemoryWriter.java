package io.agentruntime.memory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Stores what a reply taught us (the lead's message and the reply) in the tenant's scopes, off the
 * request thread, so a slow or failing store never delays or fails a reply.
 */
@Service
public class MemoryWriter {

	private static final Logger log = LoggerFactory.getLogger(MemoryWriter.class);

	private final MemoryClient memory;

	private final MemoryExecutor executor;

	MemoryWriter(MemoryClient memory, MemoryExecutor executor) {
		this.memory = memory;
		this.executor = executor;
	}

	/**
	 * Writes one exchange: tagged {@code [client]} or {@code [client, lead]}, metadata with
	 * {@code clientId} (and {@code leadKey}), customId derived from the exchange id.
	 */
	public void writeExchange(UUID exchangeId, UUID clientId, String leadKey, String conversationId, String message,
			String reply) {
		if (this.memory.disabled()) {
			return;
		}
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("clientId", clientId.toString());
		metadata.put("kind", "exchange");
		if (leadKey != null) {
			metadata.put("leadKey", leadKey);
		}
		if (conversationId != null) {
			metadata.put("conversationId", conversationId);
		}
		List<String> tags = (leadKey != null) ? MemoryTags.leadScope(clientId, leadKey)
				: MemoryTags.dealershipScope(clientId);
		MemoryWrite write = new MemoryWrite("ex_" + exchangeId, "Lead: " + message + "\nAssistant: " + reply, tags,
				metadata);
		this.executor.execute(() -> {
			try {
				this.memory.write(write);
			}
			catch (RuntimeException ex) {
				log.warn("Memory write of exchange {} failed: {}", exchangeId, ex.getMessage());
			}
		});
	}

}
