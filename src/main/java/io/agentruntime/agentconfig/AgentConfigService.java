package io.agentruntime.agentconfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import io.agentruntime.llm.LlmProperties;
import io.agentruntime.prompt.PromptBuilder;
import io.agentruntime.tenant.TenantAccounts;
import io.agentruntime.tenant.TenantCache;
import io.agentruntime.tenant.TenantChanges;
import io.agentruntime.web.ApiProblem;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The persona of a tenant's replies, and its administration (DESIGN §3, §4). The active
 * config is cached per client in a {@link TenantCache}, so a reply costs no config query:
 * any change of the tenant's configs, on any instance or by SQL, evicts it within about a
 * second (DESIGN §9 allows "a few seconds at most"), and changes made on this instance
 * evict it as soon as they commit.
 *
 * <p>
 * Every method takes the tenant and finds configs only through it, so another tenant's id
 * is indistinguishable from a missing one.
 */
@Service
public class AgentConfigService {

	private final AgentConfigRepository configs;

	private final TenantAccounts tenants;

	private final Set<String> permittedModels;

	private final TenantCache<Optional<AgentProfile>> activeProfiles;

	AgentConfigService(AgentConfigRepository configs, TenantAccounts tenants, LlmProperties llmProperties,
			TenantChanges changes) {
		this.configs = configs;
		this.tenants = tenants;
		this.permittedModels = llmProperties.permittedModels();
		this.activeProfiles = changes.cache("agent-configs",
				clientId -> configs.findByClientIdAndActiveTrue(clientId).map(AgentConfig::profile));
	}

	/** The tenant's active persona, if it has one. */
	public Optional<AgentProfile> activeProfile(UUID clientId) {
		return this.activeProfiles.get(clientId);
	}

	/**
	 * Caches the active personas of these tenants in one query (the warm-up before the
	 * instance opens its port).
	 */
	public void preload(Set<UUID> clientIds) {
		this.activeProfiles.preload(() -> {
			Map<UUID, Optional<AgentProfile>> profiles = new HashMap<>();
			clientIds.forEach(id -> profiles.put(id, Optional.empty()));
			this.configs.findByClientIdInAndActiveTrue(clientIds)
				.forEach(config -> profiles.put(config.getClientId(), Optional.of(config.profile())));
			return profiles;
		});
	}

	/** Forgets the cached active persona of a tenant after its configs changed. */
	public void evict(UUID clientId) {
		this.activeProfiles.evict(clientId);
	}

	@Transactional(readOnly = true)
	List<AgentConfigView> list(UUID clientId) {
		return this.configs.findByClientIdOrderByCreatedAtAsc(clientId).stream().map(AgentConfigView::of).toList();
	}

	@Transactional(readOnly = true)
	AgentConfigView get(UUID clientId, UUID id) {
		return AgentConfigView.of(require(clientId, id));
	}

	@Transactional(readOnly = true)
	AgentConfigView active(UUID clientId) {
		return this.configs.findByClientIdAndActiveTrue(clientId)
			.map(AgentConfigView::of)
			.orElseThrow(NoActiveConfig::new);
	}

	/** The system prompt of this config, built by the one builder the reply path uses. */
	@Transactional(readOnly = true)
	PromptPreview preview(UUID clientId, UUID id) {
		return new PromptPreview(PromptBuilder.systemPrompt(require(clientId, id).profile().persona()));
	}

	/** Creates an inactive config. */
	@Transactional
	AgentConfigView create(UUID clientId, AgentConfigForm form) {
		checkModel(form);
		AgentConfig config = this.configs.saveAndFlush(new AgentConfig(clientId, form.profile(null)));
		evictAfterCommit(clientId);
		return AgentConfigView.of(config);
	}

	/**
	 * Replaces the editable fields.
	 * @throws StaleVersion when {@code form.version()} is not the stored version, also
	 * when a concurrent update commits first
	 */
	@Transactional
	AgentConfigView update(UUID clientId, UUID id, AgentConfigForm form) {
		AgentConfig config = require(clientId, id);
		if (form.version() == null) {
			throw InvalidConfigField.versionRequired();
		}
		checkModel(form);
		if (config.getVersion() != form.version()) {
			throw new StaleVersion();
		}
		config.apply(form.profile(id));
		AgentConfig saved = flush(config, StaleVersion::new);
		evictAfterCommit(clientId);
		return AgentConfigView.of(saved);
	}

	/**
	 * Deletes an inactive config.
	 * @throws ActiveConfigCannotBeDeleted when it is the active one
	 */
	@Transactional
	void delete(UUID clientId, UUID id) {
		// The same lock as activate: a delete never races an activation of the same
		// config.
		lockTenant(clientId);
		AgentConfig config = require(clientId, id);
		if (config.isActive()) {
			throw new ActiveConfigCannotBeDeleted();
		}
		this.configs.delete(config);
		evictAfterCommit(clientId);
	}

	/**
	 * Makes this config the tenant's only active one, in one transaction: the current one
	 * is deactivated and flushed before the target is activated, because the partial
	 * unique index {@code ai_agent_config_one_active_per_client} checks every statement.
	 * Concurrent activations, on any number of instances, queue on a row lock of the
	 * tenant's {@code clients} row.
	 * @throws ActivationConflict when a concurrent update of one of the two configs
	 * commits first, or the unique index still rejects the switch
	 */
	@Transactional
	AgentConfigView activate(UUID clientId, UUID id) {
		lockTenant(clientId);
		AgentConfig target = require(clientId, id);
		if (target.isActive()) {
			return AgentConfigView.of(target);
		}
		Optional<AgentConfig> current = this.configs.findByClientIdAndActiveTrue(clientId);
		if (current.isPresent()) {
			current.get().setActive(false);
			flush(current.get(), ActivationConflict::new);
		}
		target.setActive(true);
		AgentConfig saved = flush(target, ActivationConflict::new);
		evictAfterCommit(clientId);
		return AgentConfigView.of(saved);
	}

	private AgentConfig require(UUID clientId, UUID id) {
		return this.configs.findByIdAndClientId(id, clientId).orElseThrow(AgentConfigNotFound::new);
	}

	private void checkModel(AgentConfigForm form) {
		if (form.model() != null && !form.model().isEmpty() && !this.permittedModels.contains(form.model())) {
			throw InvalidConfigField.modelNotAllowed();
		}
	}

	/**
	 * Serialises config switches of one tenant across instances: PostgreSQL holds the
	 * lock until commit. {@code NO KEY UPDATE} rather than {@code UPDATE}: it conflicts
	 * with itself but not with the {@code KEY SHARE} locks that inserts referencing the
	 * client take, so the tenant's replies and config creations never wait for a switch.
	 */
	private void lockTenant(UUID clientId) {
		this.tenants.lockClient(clientId);
	}

	/** Writes now, so a lost race surfaces here as a 409 and not at commit as a 500. */
	private AgentConfig flush(AgentConfig config, Supplier<ApiProblem> onConcurrentUpdate) {
		try {
			return this.configs.saveAndFlush(config);
		}
		catch (OptimisticLockingFailureException ex) {
			throw onConcurrentUpdate.get();
		}
		catch (DataIntegrityViolationException ex) {
			throw new ActivationConflict();
		}
	}

	/**
	 * Evicts once the change is visible to other transactions; evicting earlier would let
	 * a concurrent reply cache the old persona again until the change feed evicts it.
	 */
	private void evictAfterCommit(UUID clientId) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					evict(clientId);
				}
			});
		}
		else {
			evict(clientId);
		}
	}

}
