package io.agentruntime.tenant;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Dealerships and their API keys as platform and dealership administration change them
 * (DESIGN §2, §3). The tenant package owns {@code clients} and {@code api_keys}: other
 * features come here, never to the repositories. Every change that the directories cache
 * evicts them once it has committed, so it takes effect at once on this instance; other
 * instances see it within about a second through the change feed ({@link TenantChanges}).
 */
@Service
public class TenantAccounts {

	private final ClientRepository clients;

	private final ApiKeyRepository keys;

	private final TenantDirectory directory;

	private final WidgetOriginDirectory widgetOrigins;

	private final JdbcClient jdbc;

	TenantAccounts(ClientRepository clients, ApiKeyRepository keys, TenantDirectory directory,
			WidgetOriginDirectory widgetOrigins, JdbcClient jdbc) {
		this.clients = clients;
		this.keys = keys;
		this.directory = directory;
		this.widgetOrigins = widgetOrigins;
		this.jdbc = jdbc;
	}

	/** Onboards a dealership, active from the start. */
	@Transactional
	public Client createClient(String name, Integer requestsPerMinute, Long tokensPerDay) {
		Client client = new Client(UUID.randomUUID(), name);
		client.setLimits(requestsPerMinute, tokensPerDay);
		return this.clients.save(client);
	}

	/** Every dealership, oldest first. */
	@Transactional(readOnly = true)
	public List<Client> clients() {
		return this.clients.findAllByOrderByCreatedAtAsc();
	}

	@Transactional(readOnly = true)
	public Optional<Client> client(UUID id) {
		return this.clients.findById(id);
	}

	/**
	 * Changes a dealership; a {@code null} argument keeps what it is.
	 * @return the changed dealership; empty when there is none with this id
	 */
	@Transactional
	public Optional<Client> updateClient(UUID id, String name, Boolean active, Integer requestsPerMinute,
			Long tokensPerDay) {
		return this.clients.findById(id).map(client -> {
			if (name != null) {
				client.setName(name);
			}
			if (active != null) {
				client.setActive(active);
			}
			if (requestsPerMinute != null || tokensPerDay != null) {
				client.setLimits((requestsPerMinute != null) ? requestsPerMinute : client.getRequestsPerMinute(),
						(tokensPerDay != null) ? tokensPerDay : client.getTokensPerDay());
			}
			Client saved = this.clients.save(client);
			AfterCommit.run(this.directory::evictAll);
			return saved;
		});
	}

	/**
	 * Issues a key: generated here, stored only as its hash and returned once. A widget
	 * key (with origins) gets the publishable prefix (DESIGN §2).
	 * @param allowedOrigins the canonical origins of a widget key, {@code null} for any
	 * other key
	 */
	@Transactional
	public IssuedKey issueKey(UUID clientId, String name, List<String> scopes, List<String> allowedOrigins) {
		String secret = (allowedOrigins != null) ? ApiKeys.generateWidget() : ApiKeys.generate();
		ApiKey key = this.keys.save(new ApiKey(clientId, name, ApiKeys.hash(secret), ApiKeys.displayPrefix(secret),
				scopes, allowedOrigins));
		if (allowedOrigins != null) {
			AfterCommit.run(this.widgetOrigins::evict);
		}
		return new IssuedKey(key, secret);
	}

	/** The dealership's keys, oldest first, revoked ones included. */
	@Transactional(readOnly = true)
	public List<ApiKey> keys(UUID clientId) {
		return this.keys.findByClientIdOrderByCreatedAtAsc(clientId);
	}

	/**
	 * Revokes the dealership's key; revoking a revoked key again changes nothing.
	 * @return false when the dealership has no key with this id (also when another has)
	 */
	@Transactional
	public boolean revokeKey(UUID clientId, UUID keyId) {
		Optional<ApiKey> key = this.keys.findByIdAndClientId(keyId, clientId);
		key.ifPresent(found -> {
			found.revoke();
			this.keys.save(found);
			AfterCommit.run(this.directory::evictAll);
			AfterCommit.run(this.widgetOrigins::evict);
		});
		return key.isPresent();
	}

	/**
	 * Takes the dealership's row lock in the caller's transaction (PostgreSQL holds it
	 * until commit), so changes of the dealership's other rows, e.g. which agent config
	 * is active, are serialised per dealership across instances.
	 * @return false when there is no such dealership
	 */
	public boolean lockClient(UUID clientId) {
		// NO KEY UPDATE rather than UPDATE: it conflicts with itself but not with the KEY
		// SHARE locks that inserts referencing the client take, so the dealership's
		// replies never wait for it.
		return !this.jdbc.sql("select id from clients where id = :id for no key update")
			.param("id", clientId)
			.query()
			.listOfRows()
			.isEmpty();
	}

	/**
	 * A key just issued.
	 *
	 * @param key the stored key
	 * @param secret the key itself, shown once and never stored
	 */
	public record IssuedKey(ApiKey key, String secret) {

		@Override
		public String toString() {
			return "IssuedKey[id=" + this.key.getId() + "]";
		}

	}

}
