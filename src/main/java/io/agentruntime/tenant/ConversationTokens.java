package io.agentruntime.tenant;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The conversation tokens of widgets (DESIGN §2): a widget that starts a conversation
 * gets a token for it, and every later call naming that conversation must present it as
 * {@value #HEADER}, so one visitor cannot read or continue another's conversation by
 * guessing its id. A token is an HMAC-SHA256 of the tenant and the conversation id: no
 * state, valid on every instance, as long as the conversation's history is.
 *
 * <p>
 * The key is {@code agent.security.conversation-token-secret} when set. Otherwise one
 * random secret is generated on first use and kept in the database (table
 * {@code service_secret}), so all instances sharing the database agree without any
 * configuration; a per-start random secret would break every conversation on a restart
 * and on every other instance. Anyone who can read that table could forge tokens, but
 * could read the conversations there directly too. Changing the secret invalidates every
 * token: widgets then start new conversations.
 */
@Component
public class ConversationTokens {

	/** The request header that carries a conversation's token. */
	public static final String HEADER = "X-Conversation-Token";

	static final String SECRET_NAME = "conversation-token";

	private static final String VERSION = "ct1.";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private volatile byte[] secret;

	ConversationTokens(SecurityProperties properties, JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.secret = (properties.conversationTokenSecret() != null)
				? properties.conversationTokenSecret().getBytes(StandardCharsets.UTF_8) : null;
	}

	/** The token of this tenant's conversation. */
	public String issue(UUID clientId, String conversationId) {
		return sign(secret(), clientId, conversationId);
	}

	/** True when the token is the one {@link #issue} gives for this conversation. */
	public boolean matches(UUID clientId, String conversationId, String token) {
		if (token == null || conversationId == null) {
			return false;
		}
		return MessageDigest.isEqual(issue(clientId, conversationId).getBytes(StandardCharsets.UTF_8),
				token.trim().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The authorization rule of every widget call that names a conversation: the reply
	 * now, the conversation's event stream (DESIGN §13) when it is built. Server-side
	 * credentials pass; a widget passes only with the conversation's token.
	 * @param principal the caller
	 * @param conversationId the conversation the call names
	 * @param token the {@value #HEADER} header, or {@code null}
	 * @throws ConversationTokenRejected for a widget without the right token; the same
	 * whether the conversation exists or not
	 */
	public void requireAccess(TenantPrincipal principal, String conversationId, String token) {
		if (principal.isWidget() && !matches(principal.requireClientId(), conversationId, token)) {
			throw new ConversationTokenRejected();
		}
	}

	/**
	 * The token for a tenant's conversation under a key: a pure function.
	 * @param key the HMAC key
	 * @param clientId the tenant
	 * @param conversationId the conversation
	 * @return {@code ct1.} and the URL-safe base64 HMAC
	 */
	static String sign(byte[] key, UUID clientId, String conversationId) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			// The tenant comes first and is fixed-length: no two (tenant, id) pairs share
			// the signed text.
			byte[] digest = mac
				.doFinal(("conversation:" + clientId + ":" + conversationId).getBytes(StandardCharsets.UTF_8));
			return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private byte[] secret() {
		byte[] key = this.secret;
		if (key == null) {
			synchronized (this) {
				key = this.secret;
				if (key == null) {
					key = storedSecret();
					this.secret = key;
				}
			}
		}
		return key;
	}

	/**
	 * The database's secret, created by whichever instance asks first; the others read
	 * the same row.
	 */
	private byte[] storedSecret() {
		byte[] fresh = new byte[32];
		RANDOM.nextBytes(fresh);
		this.jdbc.sql("insert into service_secret (name, secret) values (?, ?) on conflict (name) do nothing")
			.params(SECRET_NAME, HexFormat.of().formatHex(fresh))
			.update();
		String stored = this.jdbc.sql("select secret from service_secret where name = ?")
			.param(SECRET_NAME)
			.query(String.class)
			.single();
		return HexFormat.of().parseHex(stored);
	}

}
