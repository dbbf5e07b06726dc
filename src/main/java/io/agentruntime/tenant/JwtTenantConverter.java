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
 * dropped. A widget token ({@code agent:widget}, minted per visitor by the dealership's
 * backend) may carry {@code lead_id}, the only way a browser conversation is bound to a
 * lead (DESIGN §2); it cannot be combined with other scopes.
 */
final class JwtTenantConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	/** The claim that binds a widget token to one of the tenant's leads. */
	static final String LEAD_ID = "lead_id";

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		Set<String> scopes = scopes(jwt.getClaim("scope"));
		UUID clientId = clientId(jwt.getClaimAsString("client_id"));
		boolean widget = scopes.contains(TenantPrincipal.SCOPE_WIDGET);
		boolean tenantScoped = scopes.contains(TenantPrincipal.SCOPE_REPLY)
				|| scopes.contains(TenantPrincipal.SCOPE_ADMIN) || widget;
		if (tenantScoped && clientId == null) {
			throw new InvalidBearerTokenException("The token has no valid client_id claim");
		}
		if (widget && scopes.size() > 1) {
			// A token that reaches a browser must not also open the server-side
			// endpoints.
			throw new InvalidBearerTokenException("The agent:widget scope cannot be combined with other scopes");
		}
		String leadId = widget ? leadId(jwt.getClaims().get(LEAD_ID)) : null;
		return new TenantAuthentication(new TenantPrincipal(clientId, scopes, "jwt", leadId, null));
	}

	/** The lead a widget token binds: the limits of a reply's {@code leadId}. */
	private static String leadId(Object claim) {
		if (claim == null) {
			return null;
		}
		if (!(claim instanceof String text) || text.isBlank() || text.trim().length() > 64 || text.indexOf(0) >= 0) {
			throw new InvalidBearerTokenException("The token has no valid lead_id claim");
		}
		return text.trim();
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
