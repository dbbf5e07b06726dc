package io.agentruntime.admin;

import java.util.List;
import java.util.UUID;

import io.agentruntime.tenant.Client;
import io.agentruntime.tenant.ClientRepository;
import io.agentruntime.tenant.TenantDirectory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Onboards, limits and disables dealerships (platform administration). Disabling takes
 * effect at once on this instance and within the directory's cache TTL on others.
 */
@Service
class ClientService {

	private final ClientRepository clients;

	private final TenantDirectory directory;

	ClientService(ClientRepository clients, TenantDirectory directory) {
		this.clients = clients;
		this.directory = directory;
	}

	@Transactional
	ClientView create(ClientForm form) {
		Client client = new Client(UUID.randomUUID(), form.name());
		client.setLimits(form.requestsPerMinute(), form.tokensPerDay());
		return ClientView.of(this.clients.save(client));
	}

	@Transactional(readOnly = true)
	List<ClientView> list() {
		return this.clients.findAllByOrderByCreatedAtAsc().stream().map(ClientView::of).toList();
	}

	@Transactional(readOnly = true)
	Client require(UUID id) {
		return this.clients.findById(id).orElseThrow(ClientNotFound::new);
	}

	@Transactional
	ClientView update(UUID id, ClientPatch patch) {
		Client client = require(id);
		if (patch.name() != null) {
			client.setName(patch.name());
		}
		if (patch.active() != null) {
			client.setActive(patch.active());
		}
		if (patch.requestsPerMinute() != null || patch.tokensPerDay() != null) {
			client.setLimits(
					(patch.requestsPerMinute() != null) ? patch.requestsPerMinute() : client.getRequestsPerMinute(),
					(patch.tokensPerDay() != null) ? patch.tokensPerDay() : client.getTokensPerDay());
		}
		Client saved = this.clients.save(client);
		AfterCommit.run(this.directory::evictAll);
		return ClientView.of(saved);
	}

}
