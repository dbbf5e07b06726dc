package io.agentruntime.tenant;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A dealership: the tenant. Disabled clients get 403 on every call. */
@Entity
@Table(name = "clients")
public class Client {

	@Id
	private UUID id;

	private String name;

	private boolean active;

	@Column(name = "requests_per_minute")
	private Integer requestsPerMinute;

	@Column(name = "tokens_per_day")
	private Long tokensPerDay;

	@Column(name = "created_at", insertable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at")
	private Instant updatedAt;

	protected Client() {
	}

	public Client(UUID id, String name) {
		this.id = id;
		this.name = name;
		this.active = true;
		this.updatedAt = Instant.now();
	}

	public UUID getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public boolean isActive() {
		return this.active;
	}

	public Integer getRequestsPerMinute() {
		return this.requestsPerMinute;
	}

	public Long getTokensPerDay() {
		return this.tokensPerDay;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public void setName(String name) {
		this.name = name;
		this.updatedAt = Instant.now();
	}

	public void setActive(boolean active) {
		this.active = active;
		this.updatedAt = Instant.now();
	}

	public void setLimits(Integer requestsPerMinute, Long tokensPerDay) {
		this.requestsPerMinute = requestsPerMinute;
		this.tokensPerDay = tokensPerDay;
		this.updatedAt = Instant.now();
	}

}
