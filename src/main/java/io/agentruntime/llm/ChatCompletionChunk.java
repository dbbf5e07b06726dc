package io.agentruntime.llm;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One {@code data:} event of a streamed completion (contracts/openai-chat.md §4), for the
 * streaming reply of DESIGN §13; not used yet. The last chunk before {@code [DONE]}
 * carries the usage when {@code stream_options.include_usage} was asked, with an empty
 * {@code choices} list.
 *
 * @param id the generation id
 * @param model the model that answers
 * @param choices the deltas of this event
 * @param usage token usage in the last chunk, else {@code null}
 * @param error a mid-stream error (OpenRouter), or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ChatCompletionChunk(String id, String model, List<ChunkChoice> choices, ChatCompletionResponse.Usage usage,
		JsonNode error) {

	/**
	 * The delta of one choice.
	 *
	 * @param index its position
	 * @param delta the new text
	 * @param finishReason set on the choice's last chunk, else {@code null}
	 * @param error a choice-level error, or {@code null}
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record ChunkChoice(Integer index, Delta delta, @JsonProperty("finish_reason") String finishReason, JsonNode error) {
	}

	/**
	 * New text of a message.
	 *
	 * @param role set on the first chunk only
	 * @param content the next piece of content, or {@code null}
	 * @param refusal the next piece of a refusal, or {@code null}
	 * @param reasoning the next piece of reasoning, or {@code null}
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Delta(String role, String content, String refusal, String reasoning) {
	}

}
