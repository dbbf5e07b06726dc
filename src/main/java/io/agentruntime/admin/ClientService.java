package io.agentruntime.admin;

import java.util.List;
import java.util.UUID;

import io.agentruntime.tenant.Client;
import io.agentruntime.tenant.TenantAccounts;

import org.springframework.stereotype.Service;

/**
 * Onboards, limits and disables dealerships (platform administration) through the tenant
 * package's {@link TenantAccounts}. Disabling takes effect at once on this instance and
 * within the directory's cache TTL on others.
 */
@Service
class ClientService {

	private final TenantAccounts tenants;

	ClientService(TenantAccounts tenants) {
		this.tenants = tenants;
	}

	ClientView create(ClientForm form) {
		return ClientView.of(this.tenants.createClient(form.name(), form.requestsPerMinute(), form.tokensPerDay()));
	}

	List<ClientView> list() {
		return this.tenants.clients().stream().map(ClientView::of).toList();
	}

	Client require(UUID id) {
		return this.tenants.client(id).orElseThrow(ClientNotFound::new);
	}

	ClientView update(UUID id, ClientPatch patch) {
		return this.tenants
			.updateClient(id, patch.name(), patch.active(), patch.requestsPerMinute(), patch.tokensPerDay())
			.map(ClientView::of)
			.orElseThrow(ClientNotFound::new);
	}

}
