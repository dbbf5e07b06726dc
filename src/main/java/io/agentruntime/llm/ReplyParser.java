package io.agentruntime.llm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Pure functions that turn the text a model produced into an {@link AgentReply},
 * following the pipeline of contracts/openai-chat.md §5: drop a BOM and {@code <think>}
 * blocks, strip one code fence, parse; failing that, take the last complete JSON object
 * in the text (an earlier one may be quoted from the lead's message); then validate
 * against the reply schema of DESIGN §6. Hand-off and qualification (DESIGN §10) are read
 * leniently: what does not fit them is dropped, the reply stays valid.
 */
public final class ReplyParser {

	/** Longest reply accepted, in characters after trim. */
	public static final int MAX_REPLY_CHARS = 2000;

	/** Longest quick reply kept, in characters after trim. */
	public static final int MAX_QUICK_REPLY_CHARS = 80;

	/** Quick replies kept at most. */
	public static final int MAX_QUICK_REPLIES = 4;

	/**
	 * Buffers from the shared pool, as the application's mapper
	 * (web.JacksonConfiguration, issue 8).
	 */
	private static final ObjectMapper JSON = new ObjectMapper(
			JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedBoundedPool()).build());

	private static final Pattern THINK = Pattern.compile("(?s)<think>.*?</think>");

	private static final Pattern FENCE = Pattern.compile("(?s)^```[A-Za-z0-9_-]*\\s*\\n?(.*?)\\n?\\s*```$");

	private ReplyParser() {
	}

	/**
	 * Parses and validates model output.
	 * @param text the message content (may be {@code null})
	 * @return the reply, or the validation error to show the model in a repair attempt
	 */
	public static Parsed parse(String text) {
		if (text == null || text.isBlank()) {
			return Parsed.error("The output was empty; answer with the JSON object.");
		}
		JsonNode node = extractJson(clean(text));
		if (node == null) {
			return Parsed.error("The output was not a JSON object.");
		}
		return validate(node);
	}

	/** Drops a BOM and thinking blocks, and strips one outer Markdown code fence. */
	static String clean(String text) {
		String cleaned = text.replace("\uFEFF", "");
		cleaned = THINK.matcher(cleaned).replaceAll("").trim();
		Matcher fence = FENCE.matcher(cleaned);
		if (fence.matches()) {
			cleaned = fence.group(1).trim();
		}
		return cleaned;
	}

	/**
	 * The whole text as a JSON object, else the last complete JSON object found in it,
	 * else null.
	 */
	static JsonNode extractJson(String text) {
		JsonNode whole = readObject(text, 0);
		if (whole != null) {
			return whole;
		}
		JsonNode last = null;
		int from = text.indexOf('{');
		while (from >= 0) {
			try (JsonParser parser = JSON.createParser(text.substring(from))) {
				JsonNode node = JSON.readTree(parser);
				if (node != null && node.isObject()) {
					last = node;
					from = text.indexOf('{', from + (int) parser.getCurrentLocation().getCharOffset());
					continue;
				}
			}
			catch (IOException ex) {
				// not a complete value here; try the next opening brace
			}
			from = text.indexOf('{', from + 1);
		}
		return last;
	}

	private static JsonNode readObject(String text, int from) {
		try (JsonParser parser = JSON.createParser(text.substring(from))) {
			JsonNode node = JSON.readTree(parser);
			if (node == null || !node.isObject() || parser.nextToken() != null) {
				return null;
			}
			return node;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** Checks a JSON object against the reply schema and normalises its quick replies. */
	static Parsed validate(JsonNode node) {
		JsonNode reply = node.get("reply");
		if (reply == null || !reply.isTextual()) {
			return Parsed.error("\"reply\" must be a string.");
		}
		String text = storable(reply.asText()).trim();
		if (text.isEmpty()) {
			return Parsed.error("\"reply\" must not be empty.");
		}
		if (text.length() > MAX_REPLY_CHARS) {
			return Parsed.error("\"reply\" must have at most " + MAX_REPLY_CHARS + " characters.");
		}
		JsonNode quick = node.get("quickReplies");
		if (quick == null || !quick.isArray()) {
			return Parsed.error("\"quickReplies\" must be an array of strings.");
		}
		Set<String> kept = new LinkedHashSet<>();
		for (JsonNode item : quick) {
			if (!item.isTextual()) {
				return Parsed.error("\"quickReplies\" must contain only strings.");
			}
			String option = storable(item.asText()).trim();
			if (!option.isEmpty() && option.length() <= MAX_QUICK_REPLY_CHARS && kept.size() < MAX_QUICK_REPLIES) {
				kept.add(option);
			}
		}
		return new Parsed(new AgentReply(text, new ArrayList<>(kept), handoff(node.get("handoff")),
				qualification(node.get("qualification"))), null);
	}

	/**
	 * The hand-off of DESIGN §10, read leniently: a missing, null or malformed
	 * {@code handoff} is no hand-off, an unknown reason is {@code null}; never an invalid
	 * reply (a model without strict schema support may leave the field out).
	 */
	static Handoff handoff(JsonNode node) {
		JsonNode requested = (node != null && node.isObject()) ? node.get("requested") : null;
		if (requested == null || !requested.isBoolean() || !requested.booleanValue()) {
			return null;
		}
		return Handoff.requested(text(node.get("reason")));
	}

	/**
	 * The qualification of DESIGN §10, read leniently: values of the wrong type or
	 * outside the enums become {@code null}.
	 */
	static Qualification qualification(JsonNode node) {
		if (node == null || !node.isObject()) {
			return Qualification.NONE;
		}
		JsonNode tradeIn = node.get("tradeIn");
		String vehicle = text(node.get("vehicle"));
		return new Qualification(text(node.get("intent")), (vehicle != null) ? storable(vehicle) : null,
				text(node.get("timeframe")), (tradeIn != null && tradeIn.isBoolean()) ? tradeIn.booleanValue() : null,
				text(node.get("financing")), text(node.get("contactPreference")));
	}

	private static String text(JsonNode node) {
		return (node != null && node.isTextual()) ? node.asText() : null;
	}

	/**
	 * Drops NUL characters: PostgreSQL text cannot hold them, and a model's stray control
	 * character must not cost the exchange its audit row.
	 */
	private static String storable(String text) {
		return (text.indexOf('\u0000') < 0) ? text : text.replace("\u0000", "");
	}

	/**
	 * A parse outcome: exactly one of {@code reply} and {@code error} is set.
	 *
	 * @param reply the valid reply
	 * @param error why the output is not valid, phrased for the model
	 */
	public record Parsed(AgentReply reply, String error) {

		static Parsed error(String error) {
			return new Parsed(null, error);
		}

		public boolean valid() {
			return this.reply != null;
		}

	}

}
