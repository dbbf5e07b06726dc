package io.agentruntime.tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses a JWT that claims to live longer than {@code agent.security.jwt.max-lifetime}
 * (issue 14: a token with {@code exp} in 2286 was accepted, so a leaked one never
 * expired). The lifetime is {@code exp − iat} when the token has {@code iat}; in any case
 * {@code exp} may lie at most the maximum (plus the usual minute of clock skew) ahead of
 * now, so a made-up {@code iat} in the future buys nothing.
 */
final class JwtLifetimeValidator implements OAuth2TokenValidator<Jwt> {

	/** The clock skew Spring Security allows for {@code exp} and {@code nbf}. */
	private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	private static final OAuth2Error TOO_LONG = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
			"The token's lifetime exceeds the maximum this service accepts", null);

	private final Duration maxLifetime;

	private final Clock clock;

	JwtLifetimeValidator(Duration maxLifetime, Clock clock) {
		this.maxLifetime = maxLifetime;
		this.clock = clock;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		Instant expiresAt = jwt.getExpiresAt();
		if (expiresAt == null) {
			// A missing exp is refused by its own validator.
			return OAuth2TokenValidatorResult.success();
		}
		Instant issuedAt = jwt.getIssuedAt();
		boolean tooLong = (issuedAt != null && Duration.between(issuedAt, expiresAt).compareTo(this.maxLifetime) > 0)
				|| Duration.between(this.clock.instant(), expiresAt).compareTo(this.maxLifetime.plus(CLOCK_SKEW)) > 0;
		return tooLong ? OAuth2TokenValidatorResult.failure(TOO_LONG) : OAuth2TokenValidatorResult.success();
	}

}
