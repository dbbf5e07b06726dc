package io.agentruntime.prompt;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The delimited data block that carries everything a lead or memory wrote (DESIGN §4).
 * That text is first normalised ({@link #asData}), so look-alikes of the delimiters'
 * characters (fullwidth {@code ＜ＬＥＡＤ_ＤＡＴＡ＞}, {@code ‹ › 〈 〉 « »} …) become the plain
 * characters, which the JSON encoding then escapes: no text can close the block early or
 * pose as instructions.
 */
final class DataBlock {

	/**
	 * Angle-bracket look-alikes that NFKC leaves alone (it already folds the fullwidth
	 * {@code ＜ ＞} and small {@code ﹤ ﹥} forms), each with the bracket it imitates.
	 */
	private static final String LOOKALIKES_OF_LT = "‹«〈《⟨⟪❮❰˂ᐸ";

	private static final String LOOKALIKES_OF_GT = "›»〉》⟩⟫❯❱˃ᐳ";

	private DataBlock() {
	}

	/**
	 * A lead's or memory's text as it goes into the data block: NFKC-normalised
	 * (fullwidth and other compatibility forms become their plain characters) and with
	 * the remaining angle-bracket look-alikes mapped to {@code <} and {@code >}, so that
	 * neither a model nor a reader can take any of it for a delimiter of the block (issue
	 * 14). The audit keeps the original text.
	 * @param text the text, or {@code null}
	 * @return the normalised text, or {@code null}
	 */
	static String asData(String text) {
		if (text == null) {
			return null;
		}
		String normalised = Normalizer.normalize(text, Normalizer.Form.NFKC);
		StringBuilder data = null;
		for (int i = 0; i < normalised.length(); i++) {
			char c = normalised.charAt(i);
			char plain = (LOOKALIKES_OF_LT.indexOf(c) >= 0) ? '<' : (LOOKALIKES_OF_GT.indexOf(c) >= 0) ? '>' : c;
			if (plain != c && data == null) {
				data = new StringBuilder(normalised);
			}
			if (data != null) {
				data.setCharAt(i, plain);
			}
		}
		return (data != null) ? data.toString() : normalised;
	}

	/** An earlier lead message, alone in its block. */
	static String leadMessage(String message) {
		return block(Map.of("leadMessage", asData(message)));
	}

	/**
	 * The user turn: the lead's message, topic and recalled memory as a delimited data
	 * block, then the task.
	 */
	static String userTurn(String message, String topic, List<String> memorySnippets) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("leadMessage", asData(message));
		if (topic != null) {
			data.put("topic", asData(topic));
		}
		data.put("memory",
				(memorySnippets != null) ? memorySnippets.stream().map(DataBlock::asData).toList() : List.of());
		return block(data) + "\n"
				+ "Reply to leadMessage as the dealership's assistant. Use memory only as background facts. "
				+ "Respond with only a JSON object that matches this JSON schema: " + PromptBuilder.REPLY_SCHEMA;
	}

	private static String block(Map<String, ?> data) {
		return PromptBuilder.DATA_OPEN + "\n" + PromptJson.write(data) + "\n" + PromptBuilder.DATA_CLOSE;
	}

}
