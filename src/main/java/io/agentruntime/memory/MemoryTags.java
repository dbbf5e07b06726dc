package io.agentruntime.memory;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pure functions for memory scopes (DESIGN §5). The same functions derive the tags for
 * reads and writes, so a search always uses exactly a tag set that writes use.
 */
public final class MemoryTags {

	private static final MessageDigest SHA_256;

	static {
		try {
			SHA_256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private MemoryTags() {
	}

	/** {@code client:<clientId>}. */
	public static String clientTag(UUID clientId) {
		return "client:" + clientId;
	}

	/** {@code lead:<leadKey>}. */
	public static String leadTag(String leadKey) {
		return "lead:" + leadKey;
	}

	/** {@code conv:<conversationKey>}. */
	public static String conversationTag(String conversationKey) {
		return "conv:" + conversationKey;
	}

	/** The dealership scope: {@code [client]}. */
	public static List<String> dealershipScope(UUID clientId) {
		return List.of(clientTag(clientId));
	}

	/** The lead scope: {@code [client, lead]}. */
	public static List<String> leadScope(UUID clientId, String leadKey) {
		return List.of(clientTag(clientId), leadTag(leadKey));
	}

	/** The conversation scope: {@code [client, conv]}. */
	public static List<String> conversationScope(UUID clientId, String conversationKey) {
		return List.of(clientTag(clientId), conversationTag(conversationKey));
	}

	/**
	 * The lead key of a tenant's lead, the one function for reads, writes and erasure:
	 * the e-mail's key when the lead has an e-mail, else {@link #leadIdKey}, so a lead
	 * without an e-mail still has a scope of its own.
	 * @return the key; {@code null} only when {@code leadId} is {@code null}
	 */
	public static String leadKey(UUID clientId, String leadId, String email, String secret) {
		if (leadId == null) {
			return null;
		}
		String byEmail = leadKey(email, secret);
		return (byEmail != null) ? byEmail : leadIdKey(clientId, leadId, secret);
	}

	/**
	 * The key of a lead without an e-mail: HMAC-SHA-256 of the tenant and the lead id
	 * (ids are the dealership's, so two tenants' "lead-1" are different leads). Keyed
	 * with a key derived from {@code secret} (or, without one, a fixed key) and a
	 * purpose, so it can never equal an e-mail's key, which is a plain SHA-256 or an HMAC
	 * with {@code secret} itself.
	 */
	public static String leadIdKey(UUID clientId, String leadId, String secret) {
		return keyOf("lead-id", clientId, leadId, secret);
	}

	/**
	 * The key of a conversation without a lead: HMAC-SHA-256 of the tenant and the
	 * conversation id, derived like {@link #leadIdKey} for its own purpose.
	 * @return the key, or {@code null} when there is no conversation
	 */
	public static String conversationKey(UUID clientId, String conversationId, String secret) {
		if (conversationId == null || conversationId.isEmpty()) {
			return null;
		}
		return keyOf("conversation", clientId, conversationId, secret);
	}

	private static String keyOf(String purpose, UUID clientId, String id, String secret) {
		String key = ((secret != null) ? secret : "") + "\u0000agent-runtime memory " + purpose;
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal((clientId + "/" + id).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The lead key of an e-mail: hex SHA-256 of the trimmed, lower-cased address
	 * (compatible with the platform's existing ingestion), or hex HMAC-SHA-256 with
	 * {@code secret} when one is set.
	 * @return the key, or {@code null} when there is no e-mail
	 */
	public static String leadKey(String email, String secret) {
		if (email == null || email.isBlank()) {
			return null;
		}
		byte[] normalised = email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
		try {
			if (secret == null || secret.isEmpty()) {
				return HexFormat.of().formatHex(sha256().digest(normalised));
			}
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(normalised));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A fresh SHA-256 digest, cloned from one made once: {@code getInstance} searches the
	 * security providers on every call (about 1 % of a reply's CPU, issue 15 profile).
	 */
	private static MessageDigest sha256() throws NoSuchAlgorithmException {
		try {
			return (MessageDigest) SHA_256.clone();
		}
		catch (CloneNotSupportedException ex) {
			return MessageDigest.getInstance("SHA-256");
		}
	}

}
