package io.agentruntime.tenant;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A tenant API key. Only its SHA-256 hash is stored; the key itself is shown once at
 * creation.
 */
@Entity
@Table(name = "api_keys")
public class ApiKey {

	@Id
	private UUID id;

	@Column(name = "client_id")
	private UUID clientId;

	private String name;

	@Column(name = "key_hash")
	private String keyHash;

	@Column(name = "key_prefix")
	private String keyPrefix;

	@JdbcTypeCode(SqlTypes.JSON)
	private List<String> scopes;

	/** Browser origins of a widget key (DESIGN §2); {@code null} for other keys. */
	@JdbcTypeCode(SqlTypes.JSON)
	@Column(name = "allowed_origins")
	private List<String> allowedOrigins;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "last_used_at")
	private Instant lastUsedAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	protected ApiKey() {
	}

	public ApiKey(UUID clientId, String name, String keyHash, String keyPrefix, List<String> scopes) {
		this.id = UUID.randomUUID();
		this.clientId = clientId;
		this.name = name;
		this.keyHash = keyHash;
		this.keyPrefix = keyPrefix;
		this.scopes = List.copyOf(scopes);
		this.createdAt = now();
	}

	/** A widget key: {@code agent:widget} usable only from these browser origins. */
	public ApiKey(UUID clientId, String name, String keyHash, String keyPrefix, List<String> scopes,
			List<String> allowedOrigins) {
		this(clientId, name, keyHash, keyPrefix, scopes);
		this.allowedOrigins = (allowedOrigins != null) ? List.copyOf(allowedOrigins) : null;
	}

	public UUID getId() {
		return this.id;
	}

	public UUID getClientId() {
		return this.clientId;
	}

	public String getName() {
		return this.name;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	String getKeyHash() {
		return this.keyHash;
	}

	public List<String> getScopes() {
		return this.scopes;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getLastUsedAt() {
		return this.lastUsedAt;
	}

	public Instant getRevokedAt() {
		return this.revokedAt;
	}

	public boolean isRevoked() {
		return this.revokedAt != null;
	}

	public void revoke() {
		if (this.revokedAt == null) {
			this.revokedAt = now();
		}
	}

	/**
	 * PostgreSQL keeps microseconds: the instant a response shows is the one a later read
	 * returns.
	 */
	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

}
