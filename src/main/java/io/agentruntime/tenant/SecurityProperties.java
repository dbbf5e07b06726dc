package io.agentruntime.tenant;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * Credentials the service accepts (DESIGN §2, §8). Validated at startup: a JWT secret
 * must have at least 32 bytes, and the service refuses to start with no credential source
 * at all.
 *
 * @param jwt JWT settings (HS256 secret or RS256 JWK set)
 * @param platformAdminKey bootstrap credential for {@code /api/admin/**}; optional
 * @param cors browser origins allowed to call the API
 * @param conversationTokenSecret HMAC key of the conversation tokens given to widgets, at
 * least 32 bytes; when unset, one generated secret kept in the database is shared by all
 * instances (docs/widget.md)
 */
@ConfigurationProperties("agent.security")
public record SecurityProperties(Jwt jwt, String platformAdminKey, Cors cors, String conversationTokenSecret) {

	public SecurityProperties {
		conversationTokenSecret = StringUtils.hasText(conversationTokenSecret) ? conversationTokenSecret : null;
		if (conversationTokenSecret != null && conversationTokenSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
			throw new IllegalArgumentException("agent.security.conversation-token-secret must have at least 32 bytes");
		}
		jwt = (jwt != null) ? jwt : new Jwt(null, null, null, null, null);
		cors = (cors != null) ? cors : new Cors(List.of());
		if (platformAdminKey != null && platformAdminKey.isBlank()) {
			platformAdminKey = null;
		}
		if (platformAdminKey != null && platformAdminKey.length() < 16) {
			throw new IllegalArgumentException("agent.security.platform-admin-key must have at least 16 characters");
		}
		if (jwt.secret() == null && jwt.jwkSetUri() == null && platformAdminKey == null) {
			throw new IllegalArgumentException("no credential source: set agent.security.jwt.secret, "
					+ "agent.security.jwt.jwk-set-uri or agent.security.platform-admin-key");
		}
	}

	/** True when callers can authenticate with a JWT. */
	public boolean jwtEnabled() {
		return this.jwt.secret() != null || this.jwt.jwkSetUri() != null;
	}

	@Override
	public String toString() {
		return "SecurityProperties[jwt=" + this.jwt + ", platformAdminKey="
				+ ((this.platformAdminKey != null) ? "***" : null) + ", cors=" + this.cors
				+ ", conversationTokenSecret=" + ((this.conversationTokenSecret != null) ? "***" : null) + "]";
	}

	/**
	 * @param secret HS256 shared secret, at least 32 bytes
	 * @param jwkSetUri RS256 key set location
	 * @param issuer expected {@code iss}, checked when set
	 * @param audience expected {@code aud}, checked when set
	 * @param maxLifetime the longest lifetime a token may claim ({@code exp − iat}, or
	 * {@code exp − now} without {@code iat}); a longer one is refused with 401 (issue
	 * 14). Default 24 hours.
	 */
	public record Jwt(String secret, String jwkSetUri, String issuer, String audience, Duration maxLifetime) {

		/** The default of {@code agent.security.jwt.max-lifetime}. */
		public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);

		public Jwt {
			secret = StringUtils.hasText(secret) ? secret : null;
			jwkSetUri = StringUtils.hasText(jwkSetUri) ? jwkSetUri : null;
			issuer = StringUtils.hasText(issuer) ? issuer : null;
			audience = StringUtils.hasText(audience) ? audience : null;
			if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
				throw new IllegalArgumentException("agent.security.jwt.secret must have at least 32 bytes");
			}
			maxLifetime = (maxLifetime != null) ? maxLifetime : DEFAULT_MAX_LIFETIME;
			if (maxLifetime.isNegative() || maxLifetime.isZero()) {
				throw new IllegalArgumentException("agent.security.jwt.max-lifetime must be positive");
			}
			if (secret != null && jwkSetUri != null) {
				throw new IllegalArgumentException(
						"set only one of agent.security.jwt.secret and agent.security.jwt.jwk-set-uri");
			}
			if (jwkSetUri != null && !jwkSetUri.matches("(?i)https?://[^/?#\\s]+.*")) {
				throw new IllegalArgumentException(
						"agent.security.jwt.jwk-set-uri must be an absolute http(s) URL with a host");
			}
		}

		@Override
		public String toString() {
			return "Jwt[secret=" + ((this.secret != null) ? "***" : null) + ", jwkSetUri=" + this.jwkSetUri
					+ ", issuer=" + this.issuer + ", audience=" + this.audience + ", maxLifetime=" + this.maxLifetime
					+ "]";
		}

	}

	/**
	 * @param allowedOrigins exact origins, e.g. {@code https://shop.example.com}; none by
	 * default
	 */
	public record Cors(List<String> allowedOrigins) {

		public Cors {
			allowedOrigins = (allowedOrigins != null) ? List.copyOf(allowedOrigins) : List.of();
		}

	}

}
