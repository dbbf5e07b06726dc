package io.agentruntime.tenant;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Turns a verified JWT into the caller: {@code client_id} (tenant UUID, required for
 * tenant scopes) and {@code scope} (space separated, or a list). Unknown scopes are
 * dropped.
 */
final class JwtTenantConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		Set<String> scopes = scopes(jwt.getClaim("scope"));
		UUID clientId = clientId(jwt.getClaimAsString("client_id"));
		boolean tenantScoped = scopes.contains(TenantPrincipal.SCOPE_REPLY)
				|| scopes.contains(TenantPrincipal.SCOPE_ADMIN);
		if (tenantScoped && clientId == null) {
			throw new InvalidBearerTokenException("The token has no valid client_id claim");
		}
		return new TenantAuthentication(new TenantPrincipal(clientId, scopes, "jwt"));
	}

	private static Set<String> scopes(Object claim) {
		Set<String> scopes = new LinkedHashSet<>();
		if (claim instanceof String text) {
			for (String scope : text.trim().split("\\s+")) {
				scopes.add(scope);
			}
		}
		else if (claim instanceof Collection<?> list) {
			list.forEach(scope -> scopes.add(String.valueOf(scope)));
		}
		scopes.retainAll(TenantPrincipal.KNOWN_SCOPES);
		return scopes;
	}

	private static UUID clientId(String claim) {
		if (claim == null) {
			return null;
		}
		try {
			return UUID.fromString(claim);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidBearerTokenException("The token has no valid client_id claim");
		}
	}

}
