package io.agentruntime.prompt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.agentruntime.prompt.PromptBuilder.PastExchange;

/**
 * A conversation's earlier exchanges as chat turns: each lead message in its own data
 * block, each reply as the JSON the model answers with, newest kept first until the
 * budget is spent.
 */
final class History {

	private History() {
	}

	/**
	 * The turns of the newest exchanges whose text fits in {@code budget} characters,
	 * oldest first; an exchange that does not fit ends the history there.
	 * @param history the exchanges, oldest first
	 * @param budget characters of turn content at most
	 */
	static List<PromptMessage> within(List<PastExchange> history, int budget) {
		Deque<PromptMessage> kept = new ArrayDeque<>();
		int left = budget;
		for (int i = history.size() - 1; i >= 0; i--) {
			PastExchange past = history.get(i);
			// A lead's message while staff had the conversation has no reply, and a staff
			// message no lead message (DESIGN §11): each side goes in only when present.
			PromptMessage user = (past.message() != null) ? PromptMessage.user(DataBlock.leadMessage(past.message()))
					: null;
			PromptMessage assistant = (past.reply() != null)
					? PromptMessage.assistant(PromptJson.write(replyJson(past))) : null;
			int cost = ((user != null) ? user.content().length() : 0)
					+ ((assistant != null) ? assistant.content().length() : 0);
			if (cost > left) {
				break;
			}
			left -= cost;
			if (assistant != null) {
				kept.addFirst(assistant);
			}
			if (user != null) {
				kept.addFirst(user);
			}
		}
		return List.copyOf(kept);
	}

	private static Map<String, Object> replyJson(PastExchange past) {
		Map<String, Object> reply = new LinkedHashMap<>();
		if (past.author() != null) {
			// The dealership's own words, not the agent's (DESIGN §11); the staff
			// member's name stays out of the prompt.
			reply.put("author", PromptBuilder.STAFF_AUTHOR);
		}
		reply.put("reply", past.reply());
		reply.put("quickReplies", past.quickReplies());
		return reply;
	}

}
