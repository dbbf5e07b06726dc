package io.agentruntime.tenant;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The authenticated caller, whatever the credential (JWT or API key). Authorities are
 * {@code SCOPE_<scope>}; {@code agent:admin} implies {@code agent:reply} (DESIGN §2).
 */
final class TenantAuthentication extends AbstractAuthenticationToken {

	private final TenantPrincipal principal;

	TenantAuthentication(TenantPrincipal principal) {
		super(authorities(principal));
		this.principal = principal;
		setAuthenticated(true);
	}

	private static List<GrantedAuthority> authorities(TenantPrincipal principal) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		for (String scope : principal.scopes()) {
			authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope));
		}
		if (principal.scopes().contains(TenantPrincipal.SCOPE_ADMIN)
				&& !principal.scopes().contains(TenantPrincipal.SCOPE_REPLY)) {
			authorities.add(new SimpleGrantedAuthority("SCOPE_" + TenantPrincipal.SCOPE_REPLY));
		}
		return authorities;
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public TenantPrincipal getPrincipal() {
		return this.principal;
	}

	@Override
	public String getName() {
		return this.principal.credential();
	}

}
