package io.agentruntime.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;

/**
 * Answers, on every request, "is this API key valid" and "is this client active" from a
 * cache so the hot path costs no query. Entries live for minutes and are forgotten when
 * their tenant changes ({@link TenantChanges}): a revocation or a disabled client takes
 * effect on other instances within about a second (one read of the change feed) and at
 * once on this one ({@link #evictAll()} is called by the administration endpoints).
 *
 * <p>
 * A missing entry is looked up once at a time per key: callers that ask for the same key
 * meanwhile wait for that lookup and share its answer or its failure (issue 14). During a
 * database outage a burst of requests with one credential then gets its 503 after one
 * connection timeout, instead of each waiter repeating the failing lookup in turn. A
 * failure is never cached: the next request after it looks up again.
 */
@Component
public class TenantDirectory {

	private final StampedCache<String, Optional<KeyGrant>> keyCache;

	private final StampedCache<UUID, Optional<ClientState>> clientCache;

	private final KeyUses uses;

	private final ApiKeyRepository keys;

	private final ClientRepository clients;

	TenantDirectory(ApiKeyRepository keys, ClientRepository clients, TenantChanges changes, KeyUses uses) {
		this.uses = uses;
		this.keys = keys;
		this.clients = clients;
		// An unknown hash may become a key of any tenant: any change forgets it.
		this.keyCache = changes.register("api-keys",
				hash -> keys.findByKeyHash(hash)
					.filter(key -> !key.isRevoked())
					.filter(key -> ApiKeys.constantTimeEquals(key.getKeyHash(), hash))
					.map(TenantDirectory::grant),
				(hash, grant) -> grant.map(KeyGrant::clientId).orElse(null));
		this.clientCache = changes.register("clients", id -> clients.findById(id).map(TenantDirectory::state),
				(id, state) -> id);
	}

	/**
	 * Caches the live keys used within {@code recently} (at most {@code max}, the most
	 * recently used first) and their clients, in two queries. A fresh instance then meets
	 * its tenants' first requests without a lookup each: at 200 replies/s of a 200-tenant
	 * mix those lookups all fell in its first second and ran the connection pool dry
	 * (issue 15). Entries live and are evicted like any other.
	 * @return the tenants of the keys cached
	 */
	public Set<UUID> preloadRecentlyUsed(Duration recently, int max) {
		Set<UUID> tenants = new HashSet<>();
		this.keyCache.preload(() -> {
			Map<String, Optional<KeyGrant>> grants = new HashMap<>();
			for (ApiKey key : this.keys.findByRevokedAtIsNullAndLastUsedAtAfterOrderByLastUsedAtDesc(
					Instant.now().minus(recently), Limit.of(max))) {
				grants.put(key.getKeyHash(), Optional.of(grant(key)));
				tenants.add(key.getClientId());
			}
			return grants;
		});
		this.clientCache.preload(() -> {
			Map<UUID, Optional<ClientState>> states = new HashMap<>();
			tenants.forEach(id -> states.put(id, Optional.empty()));
			this.clients.findByIdIn(tenants).forEach(client -> states.put(client.getId(), Optional.of(state(client))));
			return states;
		});
		return tenants;
	}

	private static KeyGrant grant(ApiKey key) {
		return new KeyGrant(key.getId(), key.getClientId(), Set.copyOf(key.getScopes()), key.getAllowedOrigins());
	}

	private static ClientState state(Client client) {
		return new ClientState(client.isActive(),
				new ClientLimits(client.getRequestsPerMinute(), client.getTokensPerDay()));
	}

	/** The grant of a live (not revoked) key with this hash, if any. */
	Optional<KeyGrant> grantForHash(String keyHash) {
		Optional<KeyGrant> grant = this.keyCache.get(keyHash);
		grant.ifPresent(g -> this.uses.used(g.keyId(), Instant.now()));
		return grant;
	}

	/** True when the client exists and is active. */
	public boolean isActiveClient(UUID clientId) {
		return clientState(clientId).map(ClientState::active).orElse(false);
	}

	/**
	 * The client's own limits ({@code clients.requests_per_minute} /
	 * {@code tokens_per_day}), from the same cache: the limits check of every reply then
	 * costs no query of its own (issue 8 profile: about 7 % of a reply's CPU). Empty when
	 * there is no such client.
	 */
	public Optional<ClientLimits> clientLimits(UUID clientId) {
		return clientState(clientId).map(ClientState::limits);
	}

	private Optional<ClientState> clientState(UUID clientId) {
		return this.clientCache.get(clientId);
	}

	/** Forgets every cached answer; called after keys are revoked or clients change. */
	public void evictAll() {
		this.keyCache.evictAll();
		this.clientCache.evictAll();
	}

	/**
	 * A client's own limits; {@code null} means "the configured default".
	 *
	 * @param requestsPerMinute the override of {@code agent.limits.requests-per-minute},
	 * or {@code null}
	 * @param tokensPerDay the override of {@code agent.limits.tokens-per-day}, or
	 * {@code null}
	 */
	public record ClientLimits(Integer requestsPerMinute, Long tokensPerDay) {
	}

	/** What the hot path needs to know about a client. */
	private record ClientState(boolean active, ClientLimits limits) {
	}

	/** What a key grants. */
	static final class KeyGrant {

		private final UUID keyId;

		private final UUID clientId;

		private final Set<String> scopes;

		private final List<String> allowedOrigins;

		KeyGrant(UUID keyId, UUID clientId, Set<String> scopes) {
			this(keyId, clientId, scopes, null);
		}

		KeyGrant(UUID keyId, UUID clientId, Set<String> scopes, List<String> allowedOrigins) {
			this.keyId = keyId;
			this.clientId = clientId;
			this.scopes = scopes;
			this.allowedOrigins = (allowedOrigins != null) ? List.copyOf(allowedOrigins) : null;
		}

		UUID keyId() {
			return this.keyId;
		}

		UUID clientId() {
			return this.clientId;
		}

		Set<String> scopes() {
			return this.scopes;
		}

		/** The origins of a widget key, {@code null} for other keys. */
		List<String> allowedOrigins() {
			return this.allowedOrigins;
		}

	}

}
