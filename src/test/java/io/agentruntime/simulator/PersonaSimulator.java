package io.agentruntime.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The try-it "LLM": a pure function from a chat completion request to a reply that
 * visibly uses what the runtime sent — the persona's name, tonality and do/don't items
 * from the system prompt, the notes recalled from memory and the conversation's earlier
 * turns from the messages — and always says it is a simulator. So a newcomer sees a
 * config or memory change change the answer without a paid key (issue 17). It reads the
 * prompt the way a model would, by its text, so it keeps working when the prompt gains
 * sections. The tests' fake LLM and the stand-alone {@link LlmSimulator} both answer with
 * it.
 */
public final class PersonaSimulator {

	/** Every simulated reply ends with this, so nobody takes it for a model's answer. */
	public static final String DISCLOSURE = "(Simulated reply from the try-it LLM simulator: it only echoes the persona, "
			+ "memory and history the runtime sent.)";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Pattern NAME = Pattern.compile("You are ([^,\\n]+),");

	private static final Pattern TONALITY = Pattern.compile("(?m)^Tonality: (.+)$");

	private static final int SNIPPET_CHARS = 120;

	private PersonaSimulator() {
	}

	/**
	 * The reply and quick replies for a chat completion request body.
	 * @param body the request JSON as the runtime sent it
	 * @return the reply JSON object the runtime's schema asks for
	 */
	public static Answer answer(JsonNode body) {
		String system = "";
		List<JsonNode> userTurns = new ArrayList<>();
		for (JsonNode message : body.path("messages")) {
			String role = message.path("role").asText();
			if ("system".equals(role) && system.isEmpty()) {
				system = message.path("content").asText();
			}
			else if ("user".equals(role)) {
				userTurns.add(message);
			}
		}
		JsonNode data = userTurns.isEmpty() ? JSON.createObjectNode()
				: dataBlock(userTurns.get(userTurns.size() - 1).path("content").asText());
		String message = data.path("leadMessage").asText("");
		List<String> earlier = new ArrayList<>();
		for (JsonNode turn : userTurns.subList(0, Math.max(0, userTurns.size() - 1))) {
			earlier.add(dataBlock(turn.path("content").asText()).path("leadMessage").asText(""));
		}
		List<String> memory = new ArrayList<>();
		// Earlier exchanges come back from memory as "Lead: …" transcripts; the history
		// already shows those, so the notes someone ingested stand out.
		data.path("memory")
			.forEach(note -> memory.addAll(note.asText().startsWith("Lead:") ? List.of() : List.of(note.asText())));
		return compose(system, message, earlier, memory);
	}

	/**
	 * The reply JSON object a model writes for this request: {@code reply} and
	 * {@code quickReplies}, plus the hand-off and qualification fields of DESIGN §10 when
	 * the request's schema has them (a strict schema makes a model fill every field,
	 * {@code null} when unknown).
	 * @param body the request JSON as the runtime sent it
	 * @param answer the simulated answer to that request
	 * @return the object to send as the message content, in JSON
	 */
	public static Map<String, Object> replyObject(JsonNode body, Answer answer) {
		Map<String, Object> content = new LinkedHashMap<>();
		content.put("reply", answer.reply());
		content.put("quickReplies", answer.quickReplies());
		JsonNode properties = body.path("response_format").path("json_schema").path("schema").path("properties");
		if (properties.has("handoff")) {
			content.put("handoff", null);
		}
		if (properties.has("qualification")) {
			content.put("qualification", qualification(leadMessage(body).toLowerCase(Locale.ROOT)));
		}
		return content;
	}

	/** What a model could tell from the lead's message alone, all fields present. */
	private static Map<String, Object> qualification(String lead) {
		Map<String, Object> qualification = new LinkedHashMap<>();
		qualification.put("intent", lead.contains("test drive") ? "test_drive"
				: lead.contains("financ") ? "financing" : lead.contains("available") ? "availability" : null);
		qualification.put("vehicle", null);
		qualification.put("timeframe", lead.contains("today") ? "today" : null);
		qualification.put("tradeIn", lead.contains("trade") ? Boolean.TRUE : null);
		qualification.put("financing", null);
		qualification.put("contactPreference", null);
		return qualification;
	}

	/**
	 * The lead's message of the newest user turn: the {@code leadMessage} of its data
	 * block, or the whole turn when it has none.
	 */
	static String leadMessage(JsonNode body) {
		String user = "";
		for (JsonNode message : body.path("messages")) {
			if ("user".equals(message.path("role").asText())) {
				user = message.path("content").asText();
			}
		}
		return dataBlock(user).path("leadMessage").asText(user);
	}

	static Answer compose(String system, String message, List<String> earlier, List<String> memory) {
		String name = find(NAME, system, "default");
		// The conservative defaults of a dealership without an active config are named
		// "default".
		name = "default".equals(name) ? "the dealership's virtual assistant" : name;
		String tonality = find(TONALITY, system, "");
		List<String> dos = section(system, "Do:");
		List<String> donts = section(system, "Don't:");
		String lead = message.toLowerCase(Locale.ROOT);
		StringBuilder reply = new StringBuilder();
		reply.append(greeting(tonality)).append(" I'm ").append(name).append('.');
		if (!earlier.isEmpty()) {
			reply.append(" You asked before: \"").append(cut(earlier.get(earlier.size() - 1), 60)).append("\".");
		}
		reply.append(' ').append(topicAnswer(lead));
		List<String> refused = related(donts, lead);
		if (!refused.isEmpty()) {
			reply.append(" I'm not able to help with this one: ").append(lower(refused.get(0))).append('.');
		}
		if (!memory.isEmpty()) {
			reply.append(" What I remember about you: ")
				.append(String.join("; ",
						memory.stream().limit(2).map(note -> cut(lower(note), SNIPPET_CHARS)).toList()))
				.append('.');
		}
		List<String> relevantDos = related(dos, lead);
		List<String> shown = relevantDos.isEmpty() ? dos.stream().limit(1).toList()
				: relevantDos.stream().limit(2).toList();
		for (String item : shown) {
			reply.append(" [").append(cut(item, SNIPPET_CHARS)).append(']');
		}
		reply.append(' ').append(DISCLOSURE);
		return new Answer(reply.toString(), quickReplies(lead, dos, donts, memory));
	}

	private static String greeting(String tonality) {
		String tone = tonality.toLowerCase(Locale.ROOT);
		if (tone.contains("formal") || tone.contains("professional")) {
			return "Good day.";
		}
		if (tone.contains("playful") || tone.contains("casual") || tone.contains("enthusias")) {
			return "Hey there!";
		}
		if (tone.contains("warm") || tone.contains("friendly")) {
			return "Hi, lovely to hear from you!";
		}
		return "Hello.";
	}

	private static String topicAnswer(String lead) {
		if (lead.contains("drive")) {
			return "I'd be glad to set up a test drive; a member of our team will confirm the time.";
		}
		if (lead.contains("price") || lead.contains("cost") || lead.contains("financ") || lead.contains("$")
				|| lead.contains("discount")) {
			return "Our sales team confirms every price and offer.";
		}
		if (lead.contains("available") || lead.contains("stock") || lead.contains("inventory")) {
			return "I can't check live stock from here, but our team can look it up for you right away.";
		}
		return "I can help with our inventory, test drives and financing.";
	}

	private static List<String> quickReplies(String lead, List<String> dos, List<String> donts, List<String> memory) {
		Set<String> quick = new LinkedHashSet<>();
		String persona = String.join(" ", dos).toLowerCase(Locale.ROOT) + " "
				+ String.join(" ", memory).toLowerCase(Locale.ROOT);
		if (persona.contains("saturday")) {
			quick.add("Visit on Saturday");
		}
		if (persona.contains("test drive") || lead.contains("drive")) {
			quick.add("Book a test drive");
		}
		if (!String.join(" ", donts).toLowerCase(Locale.ROOT).contains("price")) {
			quick.add("See financing options");
		}
		quick.add("Talk to sales");
		quick.add("Check inventory");
		return quick.stream().limit(3).toList();
	}

	/**
	 * Items of {@code items} that share a word stem (first five letters) with the lead's
	 * message.
	 */
	static List<String> related(List<String> items, String lead) {
		Set<String> stems = stems(lead);
		return items.stream().filter(item -> stems(item).stream().anyMatch(stems::contains)).toList();
	}

	private static Set<String> stems(String text) {
		Set<String> stems = new LinkedHashSet<>();
		for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
			if (word.length() >= 5 && !COMMON.contains(word)) {
				stems.add(word.substring(0, 5));
			}
		}
		return stems;
	}

	/** Words too common to relate a message to a persona item. */
	private static final Set<String> COMMON = Set.of("about", "there", "their", "would", "could", "which", "other",
			"these", "those", "where", "still", "thing", "things", "should", "please", "thanks");

	/**
	 * The "- " items under a heading line of the system prompt, up to the next blank
	 * line.
	 */
	static List<String> section(String system, String heading) {
		List<String> items = new ArrayList<>();
		boolean inside = false;
		for (String line : system.split("\n")) {
			if (line.equals(heading)) {
				inside = true;
			}
			else if (inside && line.startsWith("- ")) {
				items.add(line.substring(2).trim());
			}
			else if (inside) {
				break;
			}
		}
		return items;
	}

	/** The JSON between the data delimiters of a user turn, or an empty object. */
	private static JsonNode dataBlock(String turn) {
		int start = turn.indexOf('{');
		int end = turn.indexOf("\nLEAD_DATA>>>");
		if (start >= 0 && end > start) {
			try {
				return JSON.readTree(turn.substring(start, end));
			}
			catch (JsonProcessingException ex) {
				// Not our data block: answer from nothing rather than fail the call.
			}
		}
		return JSON.createObjectNode();
	}

	private static String find(Pattern pattern, String text, String otherwise) {
		Matcher matcher = pattern.matcher(text);
		return matcher.find() ? matcher.group(1).trim() : otherwise;
	}

	private static String lower(String text) {
		return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
	}

	private static String cut(String text, int max) {
		String trimmed = text.strip();
		while (trimmed.endsWith(".")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return (trimmed.length() <= max) ? trimmed : trimmed.substring(0, max - 1) + "…";
	}

	/**
	 * A simulated reply.
	 *
	 * @param reply the reply text
	 * @param quickReplies up to three follow-ups
	 */
	public record Answer(String reply, List<String> quickReplies) {
	}

}
