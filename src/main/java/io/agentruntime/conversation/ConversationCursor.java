package io.agentruntime.conversation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The keyset position of the conversation list: the last item's activity time and id,
 * sent to the caller as an opaque base64url token.
 *
 * @param lastMessageAt the item's {@code lastMessageAt}
 * @param conversationId the item's id, which breaks ties
 */
record ConversationCursor(Instant lastMessageAt, String conversationId) {

	/** The token for the caller. */
	String encode() {
		String raw = this.lastMessageAt.getEpochSecond() + "." + this.lastMessageAt.getNano() + ":"
				+ this.conversationId;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The position of a token.
	 * @throws IllegalArgumentException when the token is not one of ours
	 */
	static ConversationCursor decode(String token) {
		String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
		int colon = raw.indexOf(':');
		int dot = raw.indexOf('.');
		if (colon < 0 || dot < 0 || dot > colon || colon == raw.length() - 1 || raw.indexOf('\u0000') >= 0
				|| raw.length() - colon - 1 > 128) {
			throw new IllegalArgumentException("not a cursor");
		}
		long seconds = Long.parseLong(raw.substring(0, dot));
		int nanos = Integer.parseInt(raw.substring(dot + 1, colon));
		// Activity times lie between 1970 and 9999; anything else is not ours (and would
		// not fit a SQL timestamp).
		if (nanos < 0 || nanos > 999_999_999 || seconds < 0 || seconds > 253_402_300_799L) {
			throw new IllegalArgumentException("not a cursor");
		}
		return new ConversationCursor(Instant.ofEpochSecond(seconds, nanos), raw.substring(colon + 1));
	}

}
