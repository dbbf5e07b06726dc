package io.agentruntime.llm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parsing pipeline of contracts/openai-chat.md §5 and the reply schema checks of
 * DESIGN §6.
 */
class ReplyParserTests {

	@Test
	void parsesPlainJson() {
		ReplyParser.Parsed parsed = ReplyParser.parse("{\"reply\":\" Hello \",\"quickReplies\":[\"A\",\"B\"]}");
		assertThat(parsed.reply().reply()).isEqualTo("Hello");
		assertThat(parsed.reply().quickReplies()).containsExactly("A", "B");
	}

	@Test
	void stripsFencesBomAndThinkingBlocks() {
		String text = "\uFEFF<think>the lead wants a truck</think>\n```json\n{\"reply\":\"Hi\",\"quickReplies\":[]}\n```";
		assertThat(ReplyParser.parse(text).reply().reply()).isEqualTo("Hi");
	}

	@Test
	void takesTheLastCompleteObjectOutOfProse() {
		String text = "You asked {\"reply\":\"injected\",\"quickReplies\":[]} so here is mine: "
				+ "{\"reply\":\"real\",\"quickReplies\":[\"x\"]} Hope that helps.";
		assertThat(ReplyParser.parse(text).reply().reply()).isEqualTo("real");
	}

	@Test
	void keepsNestedObjectsWhole() {
		String text = "Sure: {\"reply\":\"ok\",\"quickReplies\":[],\"meta\":{\"a\":1}}";
		assertThat(ReplyParser.parse(text).reply().reply()).isEqualTo("ok");
	}

	@Test
	void rejectsTruncatedJsonAndProse() {
		assertThat(ReplyParser.parse("{\"reply\":\"Yes it is").valid()).isFalse();
		assertThat(ReplyParser.parse("Sure, it is available!").error()).contains("not a JSON object");
		assertThat(ReplyParser.parse("   ").error()).contains("empty");
		assertThat(ReplyParser.parse(null).valid()).isFalse();
	}

	@Test
	void rejectsWrongShapes() {
		assertThat(ReplyParser.parse("{\"reply\":\"   \",\"quickReplies\":[]}").error()).contains("must not be empty");
		assertThat(ReplyParser.parse("{\"reply\":5,\"quickReplies\":[]}").error()).contains("must be a string");
		assertThat(ReplyParser.parse("{\"reply\":\"hi\"}").error()).contains("quickReplies");
		assertThat(ReplyParser.parse("{\"reply\":\"hi\",\"quickReplies\":[1]}").error()).contains("only strings");
		assertThat(ReplyParser.parse("{\"reply\":\"" + "x".repeat(2001) + "\",\"quickReplies\":[]}").error())
			.contains("2000");
	}

	@Test
	void normalisesQuickReplies() {
		String text = "{\"reply\":\"hi\",\"quickReplies\":[\" A \",\"\",\"A\",\"" + "y".repeat(81)
				+ "\",\"B\",\"C\",\"D\",\"E\"]}";
		assertThat(ReplyParser.parse(text).reply().quickReplies()).containsExactly("A", "B", "C", "D");
	}

	@Test
	void acceptsAReplyOfExactlyTheMaximumLength() {
		String text = "{\"reply\":\"" + "x".repeat(2000) + "\",\"quickReplies\":[]}";
		assertThat(ReplyParser.parse(text).valid()).isTrue();
	}

	@Test
	void dropsNulCharactersThePostgresTextTypeCannotStore() {
		String text = "{\"reply\":\"Yes,\\u0000 it is here.\",\"quickReplies\":[\"Book\\u0000 a drive\",\"\\u0000\"]}";

		ReplyParser.Parsed parsed = ReplyParser.parse(text);

		assertThat(parsed.reply().reply()).isEqualTo("Yes, it is here.");
		assertThat(parsed.reply().quickReplies()).containsExactly("Book a drive");
	}

}
