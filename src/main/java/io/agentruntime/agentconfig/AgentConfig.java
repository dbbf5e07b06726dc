package io.agentruntime.agentconfig;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A dealership's agent persona; at most one per client is active (a partial unique
 * index).
 */
@Entity
@Table(name = "ai_agent_config")
public class AgentConfig {

	@Id
	private UUID id;

	@Column(name = "client_id", updatable = false)
	private UUID clientId;

	private String name;

	private String personality;

	private String tonality;

	@Column(name = "response_style")
	private String responseStyle;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(name = "dos_list")
	private List<String> dosList;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(name = "donts_list")
	private List<String> dontsList;

	private String industry;

	private String model;

	@Column(name = "fallback_reply")
	private String fallbackReply;

	@JdbcTypeCode(SqlTypes.JSON)
	private List<String> competitors;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(name = "blocked_phrases")
	private List<String> blockedPhrases;

	@Column(name = "ai_disclosure")
	private String aiDisclosure;

	@Column(name = "is_active")
	private boolean active;

	@Version
	private long version;

	@Column(name = "created_at", updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at")
	private Instant updatedAt;

	protected AgentConfig() {
	}

	public AgentConfig(UUID clientId, AgentProfile profile) {
		this.id = UUID.randomUUID();
		this.clientId = clientId;
		this.createdAt = now();
		apply(profile);
	}

	/** Replaces the editable fields with the profile's. */
	public void apply(AgentProfile profile) {
		this.name = profile.name();
		this.personality = profile.personality();
		this.tonality = profile.tonality();
		this.responseStyle = profile.responseStyle();
		this.dosList = List.copyOf(profile.dos());
		this.dontsList = List.copyOf(profile.donts());
		this.industry = profile.industry();
		this.model = profile.model();
		this.fallbackReply = profile.fallbackReply();
		this.competitors = List.copyOf(profile.competitors());
		this.blockedPhrases = List.copyOf(profile.blockedPhrases());
		this.aiDisclosure = profile.aiDisclosure();
		this.updatedAt = now();
	}

	/** The persona as the prompt builder sees it. */
	public AgentProfile profile() {
		return new AgentProfile(this.id, this.name, this.personality, this.tonality, this.responseStyle, this.dosList,
				this.dontsList, this.industry, this.model, this.fallbackReply, this.competitors, this.blockedPhrases,
				this.aiDisclosure);
	}

	public UUID getId() {
		return this.id;
	}

	public UUID getClientId() {
		return this.clientId;
	}

	public boolean isActive() {
		return this.active;
	}

	public void setActive(boolean active) {
		this.active = active;
		this.updatedAt = now();
	}

	public long getVersion() {
		return this.version;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	/**
	 * PostgreSQL keeps microseconds: the instant a response shows is the one a later read
	 * returns.
	 */
	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

}
