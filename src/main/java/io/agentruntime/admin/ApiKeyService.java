package io.agentruntime.admin;

import java.util.List;
import java.util.UUID;

import io.agentruntime.tenant.ApiKey;
import io.agentruntime.tenant.ApiKeyRepository;
import io.agentruntime.tenant.ApiKeys;
import io.agentruntime.tenant.TenantDirectory;
import io.agentruntime.tenant.WidgetOriginDirectory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, lists and revokes tenant API keys (DESIGN §2). A key is generated here,
 * returned once and stored only as its SHA-256 hash; a revocation takes effect at once on
 * this instance and within the directory's cache TTL (seconds) on others.
 */
@Service
class ApiKeyService {

	private final ApiKeyRepository keys;

	private final TenantDirectory directory;

	private final WidgetOriginDirectory widgetOrigins;

	ApiKeyService(ApiKeyRepository keys, TenantDirectory directory, WidgetOriginDirectory widgetOrigins) {
		this.keys = keys;
		this.directory = directory;
		this.widgetOrigins = widgetOrigins;
	}

	@Transactional
	CreatedApiKey issue(UUID clientId, ApiKeyForm form) {
		List<String> origins = WidgetKeyRules.allowedOrigins(form);
		// A widget key is publishable: its own prefix tells it apart at a glance (DESIGN
		// §2).
		String secret = (origins != null) ? ApiKeys.generateWidget() : ApiKeys.generate();
		ApiKey key = this.keys.save(new ApiKey(clientId, form.name(), ApiKeys.hash(secret),
				ApiKeys.displayPrefix(secret), form.scopes(), origins));
		if (origins != null) {
			AfterCommit.run(this.widgetOrigins::evict);
		}
		return new CreatedApiKey(key.getId(), clientId, key.getName(), secret, key.getKeyPrefix(), key.getScopes(),
				key.getAllowedOrigins(), key.getCreatedAt());
	}

	@Transactional(readOnly = true)
	List<ApiKeyView> list(UUID clientId) {
		return this.keys.findByClientIdOrderByCreatedAtAsc(clientId).stream().map(ApiKeyView::of).toList();
	}

	/** Revokes the tenant's key; revoking a revoked key again changes nothing. */
	@Transactional
	void revoke(UUID clientId, UUID id) {
		ApiKey key = this.keys.findByIdAndClientId(id, clientId).orElseThrow(ApiKeyNotFound::new);
		key.revoke();
		this.keys.save(key);
		AfterCommit.run(this.directory::evictAll);
		AfterCommit.run(this.widgetOrigins::evict);
	}

}
