package io.agentruntime.memory;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
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

	/** The dealership scope: {@code [client]}. */
	public static List<String> dealershipScope(UUID clientId) {
		return List.of(clientTag(clientId));
	}

	/** The lead scope: {@code [client, lead]}. */
	public static List<String> leadScope(UUID clientId, String leadKey) {
		return List.of(clientTag(clientId), leadTag(leadKey));
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
				return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalised));
			}
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(normalised));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
