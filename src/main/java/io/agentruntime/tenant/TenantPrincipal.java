package io.agentruntime.tenant;

import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: the tenant ({@code clientId}, null for the platform administrator) and
 * the scopes granted. The tenant of every read and write comes from here, never from a
 * request.
 *
 * @param clientId the dealership, or {@code null} for a platform-admin credential
 * @param scopes the granted scopes, e.g. {@code agent:reply}
 * @param credential a non-secret label of the credential used ({@code jwt} or
 * {@code api-key:<id>})
 */
public record TenantPrincipal(UUID clientId, Set<String> scopes, String credential) {

	public static final String SCOPE_REPLY = "agent:reply";

	public static final String SCOPE_ADMIN = "agent:admin";

	public static final String SCOPE_PLATFORM = "platform:admin";

	/** The scopes the API knows; anything else in a token is ignored. */
	public static final Set<String> KNOWN_SCOPES = Set.of(SCOPE_REPLY, SCOPE_ADMIN, SCOPE_PLATFORM);

	public TenantPrincipal {
		scopes = Set.copyOf(scopes);
	}

	/**
	 * The tenant, failing closed when a credential without a tenant reaches tenant data.
	 */
	public UUID requireClientId() {
		if (this.clientId == null) {
			throw new org.springframework.security.access.AccessDeniedException("No tenant");
		}
		return this.clientId;
	}

	@Override
	public String toString() {
		return "TenantPrincipal[clientId=" + this.clientId + ", scopes=" + this.scopes + ", credential="
				+ this.credential + "]";
	}

}
