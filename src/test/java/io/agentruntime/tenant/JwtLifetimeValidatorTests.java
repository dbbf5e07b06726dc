package io.agentruntime.tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code agent.security.jwt.max-lifetime}: no token that lives for centuries. */
class JwtLifetimeValidatorTests {

	private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

	private final JwtLifetimeValidator validator = new JwtLifetimeValidator(Duration.ofHours(24),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void refusesATokenThatExpiresIn2286() {
		assertThat(valid(null, Instant.parse("2286-11-20T17:46:40Z"))).isFalse();
		assertThat(valid(NOW.minusSeconds(10), Instant.parse("2286-11-20T17:46:40Z"))).isFalse();
	}

	@Test
	void measuresTheLifetimeFromIatWhenTheTokenHasOne() {
		assertThat(valid(NOW.minus(Duration.ofHours(2)), NOW.plus(Duration.ofHours(22)))).isTrue();
		assertThat(valid(NOW.minus(Duration.ofHours(2)), NOW.plus(Duration.ofHours(23)))).isFalse();
	}

	@Test
	void measuresFromNowWithoutIatAndIgnoresAnIatInTheFuture() {
		assertThat(valid(null, NOW.plus(Duration.ofHours(24)))).isTrue();
		assertThat(valid(null, NOW.plus(Duration.ofHours(25)))).isFalse();
		assertThat(valid(NOW.plus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(30).plusHours(1)))).isFalse();
	}

	private boolean valid(Instant issuedAt, Instant expiresAt) {
		Jwt.Builder jwt = Jwt.withTokenValue("token").header("alg", "HS256").subject("test").expiresAt(expiresAt);
		if (issuedAt != null) {
			jwt.issuedAt(issuedAt);
		}
		return !this.validator.validate(jwt.build()).hasErrors();
	}

}
