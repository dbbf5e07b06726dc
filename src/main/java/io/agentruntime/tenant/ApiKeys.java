package io.agentruntime.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Pure functions for API key material: generation, hashing and constant-time comparison.
 */
public final class ApiKeys {

	/** Every tenant API key starts with this prefix. */
	public static final String PREFIX = "ark_";

	/**
	 * Publishable widget keys ({@code agent:widget}, DESIGN §2) start with this prefix:
	 * safe to ship in a web page, limited to replying from their allowed origins.
	 */
	public static final String WIDGET_PREFIX = "apk_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private ApiKeys() {
	}

	/** A new key: {@code ark_} and 32 random bytes, URL-safe base64. */
	public static String generate() {
		return generate(PREFIX);
	}

	/** A new widget key: {@code apk_} and 32 random bytes, URL-safe base64. */
	public static String generateWidget() {
		return generate(WIDGET_PREFIX);
	}

	private static String generate(String prefix) {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** Hex SHA-256 of the key, the only form stored. */
	public static String hash(String key) {
		return HexFormat.of().formatHex(sha256(key));
	}

	/** The first characters of a key, safe to show in listings. */
	public static String displayPrefix(String key) {
		return key.substring(0, Math.min(key.length(), 10));
	}

	/** Compares two secrets in time independent of where they differ. */
	public static boolean constantTimeEquals(String a, String b) {
		return MessageDigest.isEqual(sha256(a), sha256(b));
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
