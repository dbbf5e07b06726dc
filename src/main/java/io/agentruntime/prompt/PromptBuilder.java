package io.agentruntime.prompt;

import java.util.ArrayList;
import java.util.List;

/**
 * Pure functions that turn a persona, the conversation so far and the lead's message into
 * chat messages (DESIGN §4). No I/O, no state, no dependency on the rest of the service:
 * the prompt preview and the reply path call the same code, so what staff preview is byte
 * for byte what the LLM receives.
 *
 * <p>
 * Everything that comes from a lead or from memory is JSON-encoded inside a delimited
 * data block ({@link DataBlock}): quotes and newlines are escaped, so no text can close
 * the block early or pose as instructions. The system prompt is {@link SystemPrompt}'s,
 * the earlier exchanges are {@link History}'s.
 */
public final class PromptBuilder {

	/** Opens the data block in the user turn. */
	public static final String DATA_OPEN = "<<<LEAD_DATA";

	/** Closes the data block in the user turn. */
	public static final String DATA_CLOSE = "LEAD_DATA>>>";

	/**
	 * The reply JSON schema (DESIGN §6), sent as {@code response_format} and quoted in
	 * the user turn.
	 */
	public static final String REPLY_SCHEMA = "{\"type\":\"object\",\"properties\":{\"reply\":{\"type\":\"string\"},"
			+ "\"quickReplies\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
			// DESIGN §10: strict mode wants every field required, so optional ones are
			// nullable; the enums are listed in descriptions and enforced by ReplyParser,
			// because not every provider enforces a schema's enum.
			+ "\"handoff\":{\"type\":[\"object\",\"null\"],\"description\":\"Set when a person of the dealership "
			+ "should take over.\",\"properties\":{\"requested\":{\"type\":\"boolean\"},"
			+ "\"reason\":{\"type\":[\"string\",\"null\"],\"description\":\"wants_human, negotiation, complaint, "
			+ "appointment, out_of_scope or other\"}},\"required\":[\"requested\",\"reason\"],"
			+ "\"additionalProperties\":false},"
			+ "\"qualification\":{\"type\":[\"object\",\"null\"],\"description\":\"What the conversation shows about "
			+ "the lead; null for anything not known.\",\"properties\":{"
			+ "\"intent\":{\"type\":[\"string\",\"null\"],\"description\":\"browse, availability, test_drive, buy, "
			+ "trade_in, financing, service or other\"},"
			+ "\"vehicle\":{\"type\":[\"string\",\"null\"],\"description\":\"The vehicle of interest, "
			+ "up to 200 characters\"},"
			+ "\"timeframe\":{\"type\":[\"string\",\"null\"],\"description\":\"today, this_week, this_month, later "
			+ "or unknown\"}," + "\"tradeIn\":{\"type\":[\"boolean\",\"null\"]},"
			+ "\"financing\":{\"type\":[\"string\",\"null\"],\"description\":\"cash, wants_financing, lease or "
			+ "unknown\"},"
			+ "\"contactPreference\":{\"type\":[\"string\",\"null\"],\"description\":\"call, text, email, chat or "
			+ "unknown\"}},"
			+ "\"required\":[\"intent\",\"vehicle\",\"timeframe\",\"tradeIn\",\"financing\",\"contactPreference\"],"
			+ "\"additionalProperties\":false}},"
			+ "\"required\":[\"reply\",\"quickReplies\",\"handoff\",\"qualification\"],\"additionalProperties\":false}";

	/** How a staff message is marked in the history the LLM sees (DESIGN §11). */
	public static final String STAFF_AUTHOR = "dealership_staff";

	/** How much history text, in characters, goes before the current message at most. */
	public static final int HISTORY_CHAR_BUDGET = 6000;

	private PromptBuilder() {
	}

	/** The system prompt for a persona. */
	public static String systemPrompt(Persona persona) {
		return SystemPrompt.of(persona);
	}

	/**
	 * The user turn: the lead's message, topic and recalled memory as a delimited data
	 * block, then the task.
	 */
	public static String userTurn(String message, String topic, List<String> memorySnippets) {
		return DataBlock.userTurn(message, topic, memorySnippets);
	}

	/**
	 * All messages for one reply: the system prompt, then the conversation's earlier
	 * exchanges (oldest first, trimmed from the oldest to {@link #HISTORY_CHAR_BUDGET}),
	 * then the user turn.
	 */
	public static List<PromptMessage> messages(Persona persona, List<PastExchange> history, String message,
			String topic, List<String> memorySnippets) {
		List<PromptMessage> messages = new ArrayList<>();
		messages.add(PromptMessage.system(systemPrompt(persona)));
		messages.addAll(History.within(history, HISTORY_CHAR_BUDGET));
		messages.add(PromptMessage.user(userTurn(message, topic, memorySnippets)));
		return messages;
	}

	/**
	 * An earlier exchange of the conversation.
	 *
	 * @param message what the lead wrote, {@code null} for a staff message
	 * @param reply what the agent (or staff) answered, {@code null} while staff had the
	 * conversation
	 * @param quickReplies the quick replies offered
	 * @param author the staff member who wrote {@code reply}, {@code null} for the agent
	 */
	public record PastExchange(String message, String reply, List<String> quickReplies, String author) {

		public PastExchange {
			quickReplies = (quickReplies != null) ? quickReplies : List.of();
		}

		/** An exchange of the agent. */
		public PastExchange(String message, String reply, List<String> quickReplies) {
			this(message, reply, quickReplies, null);
		}

	}

}
