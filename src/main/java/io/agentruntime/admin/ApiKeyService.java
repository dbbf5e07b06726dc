package io.agentruntime.admin;

import java.util.List;
import java.util.UUID;

import io.agentruntime.tenant.ApiKey;
import io.agentruntime.tenant.TenantAccounts;

import org.springframework.stereotype.Service;

/**
 * Issues, lists and revokes tenant API keys (DESIGN §2) through the tenant package's
 * {@link TenantAccounts}. A key is generated there, returned once and stored only as its
 * SHA-256 hash; a revocation takes effect at once on this instance and within the
 * directory's cache TTL (seconds) on others.
 */
@Service
class ApiKeyService {

	private final TenantAccounts tenants;

	ApiKeyService(TenantAccounts tenants) {
		this.tenants = tenants;
	}

	CreatedApiKey issue(UUID clientId, ApiKeyForm form) {
		List<String> origins = WidgetKeyRules.allowedOrigins(form);
		TenantAccounts.IssuedKey issued = this.tenants.issueKey(clientId, form.name(), form.scopes(), origins);
		ApiKey key = issued.key();
		return new CreatedApiKey(key.getId(), clientId, key.getName(), issued.secret(), key.getKeyPrefix(),
				key.getScopes(), key.getAllowedOrigins(), key.getCreatedAt());
	}

	List<ApiKeyView> list(UUID clientId) {
		return this.tenants.keys(clientId).stream().map(ApiKeyView::of).toList();
	}

	/** Revokes the tenant's key; revoking a revoked key again changes nothing. */
	void revoke(UUID clientId, UUID id) {
		if (!this.tenants.revokeKey(clientId, id)) {
			throw new ApiKeyNotFound();
		}
	}

}
