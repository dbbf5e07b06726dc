package io.agentruntime.tenant;

import java.util.List;
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
 * @param leadId for a widget JWT: the lead its {@code lead_id} claim binds (DESIGN §2);
 * {@code null} otherwise
 * @param allowedOrigins for a widget key: the browser origins it may be used from;
 * {@code null} when the credential has no origin list
 */
public record TenantPrincipal(UUID clientId, Set<String> scopes, String credential, String leadId,
		List<String> allowedOrigins) {

	public static final String SCOPE_REPLY = "agent:reply";

	public static final String SCOPE_ADMIN = "agent:admin";

	public static final String SCOPE_PLATFORM = "platform:admin";

	/** Publishable browser credentials: reply only (DESIGN §2). */
	public static final String SCOPE_WIDGET = "agent:widget";

	/** The scopes the API knows; anything else in a token is ignored. */
	public static final Set<String> KNOWN_SCOPES = Set.of(SCOPE_REPLY, SCOPE_ADMIN, SCOPE_PLATFORM, SCOPE_WIDGET);

	public TenantPrincipal {
		scopes = Set.copyOf(scopes);
		allowedOrigins = (allowedOrigins != null) ? List.copyOf(allowedOrigins) : null;
	}

	/** A server-side credential: no lead binding, no origin list. */
	public TenantPrincipal(UUID clientId, Set<String> scopes, String credential) {
		this(clientId, scopes, credential, null, null);
	}

	/**
	 * True for a browser credential ({@code agent:widget}): no {@code leadId} from the
	 * request, conversations only with their token, no memory documents in answers.
	 */
	public boolean isWidget() {
		return this.scopes.contains(SCOPE_WIDGET);
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

	/** Leaves out the bound lead id: lead ids can be personal data (issue 14). */
	@Override
	public String toString() {
		return "TenantPrincipal[clientId=" + this.clientId + ", scopes=" + this.scopes + ", credential="
				+ this.credential + "]";
	}

}
