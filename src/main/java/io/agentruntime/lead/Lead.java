package io.agentruntime.lead;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A dealership's lead, identified by the dealership's own id ({@code leadId}) within the
 * tenant.
 */
@Entity
@Table(name = "leads")
public class Lead {

	@Id
	private UUID id;

	@Column(name = "client_id", updatable = false)
	private UUID clientId;

	@Column(name = "lead_id", updatable = false)
	private String leadId;

	private String email;

	private String name;

	@Column(name = "created_at", updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at")
	private Instant updatedAt;

	protected Lead() {
	}

	public Lead(UUID clientId, String leadId, String email, String name) {
		this.id = UUID.randomUUID();
		this.clientId = clientId;
		this.leadId = leadId;
		this.createdAt = Instant.now();
		update(email, name);
	}

	public void update(String email, String name) {
		this.email = email;
		this.name = name;
		this.updatedAt = Instant.now();
	}

	public UUID getClientId() {
		return this.clientId;
	}

	public String getLeadId() {
		return this.leadId;
	}

	public String getEmail() {
		return this.email;
	}

	public String getName() {
		return this.name;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

}
