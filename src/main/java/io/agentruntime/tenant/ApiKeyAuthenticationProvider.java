package io.agentruntime.tenant;

import java.util.Set;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates bearer tokens that are API keys: tenant keys ({@code ark_…}, looked up by
 * SHA-256 hash) and the platform administrator's bootstrap key. Any other token is left
 * to the JWT provider (this provider returns {@code null}).
 */
final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

	private final TenantDirectory directory;

	private final String platformAdminKey;

	ApiKeyAuthenticationProvider(TenantDirectory directory, String platformAdminKey) {
		this.directory = directory;
		this.platformAdminKey = platformAdminKey;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String token = ((BearerTokenAuthenticationToken) authentication).getToken();
		if (this.platformAdminKey != null && ApiKeys.constantTimeEquals(token, this.platformAdminKey)) {
			return new TenantAuthentication(
					new TenantPrincipal(null, Set.of(TenantPrincipal.SCOPE_PLATFORM), "platform-admin-key"));
		}
		if (!token.startsWith(ApiKeys.PREFIX)) {
			return null;
		}
		return this.directory.grantForHash(ApiKeys.hash(token))
			.map(grant -> new TenantAuthentication(
					new TenantPrincipal(grant.clientId(), grant.scopes(), "api-key:" + grant.keyId())))
			.orElseThrow(() -> new InvalidBearerTokenException("Unknown or revoked API key"));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
