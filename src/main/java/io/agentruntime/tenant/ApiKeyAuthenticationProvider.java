package io.agentruntime.tenant;

import java.util.Set;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates bearer tokens that are API keys: tenant keys ({@code ark_…}) and widget
 * keys ({@code apk_…}), both looked up by SHA-256 hash, and the platform administrator's
 * bootstrap key. Any other token is left to the JWT provider (this provider returns
 * {@code null}).
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
		boolean widget = token.startsWith(ApiKeys.WIDGET_PREFIX);
		if (!token.startsWith(ApiKeys.PREFIX) && !widget) {
			return null;
		}
		return this.directory.grantForHash(ApiKeys.hash(token))
			// A publishable prefix never carries more than the widget scope, and a widget
			// grant always comes with its origins (DESIGN §2).
			.filter(grant -> widget == grant.scopes().contains(TenantPrincipal.SCOPE_WIDGET))
			.filter(grant -> !widget || (grant.scopes().size() == 1 && grant.allowedOrigins() != null))
			.map(grant -> new TenantAuthentication(new TenantPrincipal(grant.clientId(), grant.scopes(),
					"api-key:" + grant.keyId(), null, grant.allowedOrigins())))
			.orElseThrow(() -> new InvalidBearerTokenException("Unknown or revoked API key"));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
