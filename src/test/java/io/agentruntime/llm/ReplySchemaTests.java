package io.agentruntime.llm;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentruntime.prompt.PromptBuilder;
import io.agentruntime.support.FakeLlm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reply schema with hand-off and qualification (DESIGN §10): valid for a strict
 * json_schema as OpenAI checks it, and read leniently, so that nothing in the two new
 * fields can make a reply invalid.
 */
class ReplySchemaTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void replySchemaPassesTheStrictModeCheckOfTheFake() throws Exception {
		assertThat(FakeLlm.strictSchemaError(format(JSON.readTree(PromptBuilder.REPLY_SCHEMA)))).isNull();
	}

	@Test
	void theFakeRefusesAStrictSchemaWithAnOptionalField() throws Exception {
		ObjectNode schema = (ObjectNode) JSON.readTree(PromptBuilder.REPLY_SCHEMA);
		schema.putArray("required").add("reply").add("quickReplies").add("handoff");

		assertThat(FakeLlm.strictSchemaError(format(schema))).startsWith("Invalid schema for response_format")
			.contains("Missing 'qualification'");
	}

	@Test
	void theFakeRefusesLengthKeywordsInAStrictSchema() throws Exception {
		ObjectNode schema = (ObjectNode) JSON.readTree(PromptBuilder.REPLY_SCHEMA);
		((ObjectNode) schema.path("properties").path("reply")).put("maxLength", 2000);

		assertThat(FakeLlm.strictSchemaError(format(schema))).contains("'maxLength' is not permitted");
	}

	@Test
	void readsHandoffAndQualification() {
		ReplyParser.Parsed parsed = ReplyParser
			.parse("""
					{"reply": "A colleague will join shortly.", "quickReplies": [],
					 "handoff": {"requested": true, "reason": "negotiation"},
					 "qualification": {"intent": "buy", "vehicle": " 2024 RAV4 ", "timeframe": "this_week", "tradeIn": false,
					                   "financing": "lease", "contactPreference": "email"}}
					""");

		assertThat(parsed.valid()).isTrue();
		assertThat(parsed.reply().handoff()).isEqualTo(Handoff.requested("negotiation"));
		assertThat(parsed.reply().qualification())
			.isEqualTo(new Qualification("buy", "2024 RAV4", "this_week", false, "lease", "email"));
	}

	@Test
	void dropsWhatDoesNotFitAndKeepsTheReplyValid() {
		ReplyParser.Parsed parsed = ReplyParser.parse("""
				{"reply": "Sure.", "quickReplies": [],
				 "handoff": {"requested": "yes", "reason": 7},
				 "qualification": {"intent": "purchase", "vehicle": 42, "timeframe": null, "tradeIn": "no",
				                   "financing": "crypto", "contactPreference": ["call"]}}
				""");

		assertThat(parsed.valid()).isTrue();
		assertThat(parsed.reply().handoff()).isNull();
		assertThat(parsed.reply().qualification()).isEqualTo(Qualification.NONE);
	}

	@Test
	void acceptsAReplyWithoutTheNewFieldsFromAModelWithoutStrictSchemas() {
		ReplyParser.Parsed parsed = ReplyParser.parse("{\"reply\": \"Hello!\", \"quickReplies\": []}");

		assertThat(parsed.valid()).isTrue();
		assertThat(parsed.reply().handoff()).isNull();
		assertThat(parsed.reply().qualification().isEmpty()).isTrue();
	}

	@Test
	void aHandoffThatIsNotRequestedIsNone() {
		assertThat(ReplyParser
			.parse("{\"reply\": \"Hi\", \"quickReplies\": [], \"handoff\": {\"requested\": false, \"reason\": null}}")
			.reply()
			.handoff()).isNull();
	}

	private static JsonNode format(JsonNode schema) {
		return JSON.valueToTree(Map.of("type", "json_schema", "json_schema",
				Map.of("name", "agent_reply", "strict", true, "schema", schema)));
	}

}
