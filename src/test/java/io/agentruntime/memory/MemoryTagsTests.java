package io.agentruntime.memory;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lead and conversation keys and scopes of DESIGN §5, and the merge that drops hits of
 * other scopes.
 */
class MemoryTagsTests {

	@Test
	void leadKeyIsSha256OfTheNormalisedEmail() {
		// sha256("jane@example.com")
		assertThat(MemoryTags.leadKey("  Jane@Example.COM ", null))
			.isEqualTo("8c87b489ce35cf2e2f39f80e282cb2e804932a56a213983eeeb428407d43b52d")
			.isEqualTo(MemoryTags.leadKey("jane@example.com", ""));
		assertThat(MemoryTags.leadKey(null, null)).isNull();
		assertThat(MemoryTags.leadKey(" ", null)).isNull();
	}

	@Test
	void leadKeyWithSecretIsAnHmacThatDiffersFromThePlainHash() {
		String keyed = MemoryTags.leadKey("jane@example.com", "s3cret");
		assertThat(keyed).hasSize(64).isNotEqualTo(MemoryTags.leadKey("jane@example.com", null));
		assertThat(MemoryTags.leadKey("JANE@example.com", "s3cret")).isEqualTo(keyed);
	}

	@Test
	void scopesAlwaysCarryTheClientTag() {
		UUID client = UUID.fromString("0b9d2c3e-5f1a-4c7e-9a11-2f6d8e4b7c10");
		assertThat(MemoryTags.dealershipScope(client)).containsExactly("client:0b9d2c3e-5f1a-4c7e-9a11-2f6d8e4b7c10");
		assertThat(MemoryTags.leadScope(client, "abc")).containsExactly("client:0b9d2c3e-5f1a-4c7e-9a11-2f6d8e4b7c10",
				"lead:abc");
	}

	@Test
	void mergeDropsForeignHitsDeduplicatesAndKeepsTheBest() {
		UUID client = UUID.randomUUID();
		MemoryScope lead = MemoryScope.lead(client, "k1");
		MemoryScope dealership = MemoryScope.dealership(client);
		Map<String, Object> ownLead = Map.of("clientId", client.toString(), "scope", "lead", "leadKey", "k1");
		Map<String, Object> ownDealership = Map.of("clientId", client.toString(), "scope", "dealership");
		List<MemoryHit> leadHits = List.of(new MemoryHit("d1", 0.9, "a", ownLead), new MemoryHit("foreign", 0.99, "x",
				Map.of("clientId", UUID.randomUUID().toString(), "scope", "lead", "leadKey", "k1")));
		List<MemoryHit> dealershipHits = List.of(new MemoryHit("d1", 0.7, "a", ownDealership),
				new MemoryHit("d2", 0.8, "b", ownDealership), new MemoryHit("nometa", 0.95, "y", Map.of()),
				new MemoryHit("d3", 0.6, "c", ownDealership));

		List<MemoryHit> merged = MemoryRecall.merge(lead, leadHits, dealership, dealershipHits, 2);

		assertThat(merged).extracting(MemoryHit::documentId).containsExactly("d1", "d2");
		assertThat(merged.get(0).score()).isEqualTo(0.9);
	}

	@Test
	void mergeKeepsOnlyHitsOfTheSameScopeAndKeyWhateverTheStoreReturned() {
		UUID client = UUID.randomUUID();
		String tenant = client.toString();
		List<MemoryHit> returned = List.of(
				new MemoryHit("lead-x", 0.99, "x", Map.of("clientId", tenant, "scope", "lead", "leadKey", "kx")),
				new MemoryHit("lead-y", 0.98, "y", Map.of("clientId", tenant, "scope", "lead", "leadKey", "ky")),
				new MemoryHit("conv-a", 0.97, "a",
						Map.of("clientId", tenant, "scope", "conversation", "conversationKey", "ka")),
				new MemoryHit("conv-b", 0.96, "b",
						Map.of("clientId", tenant, "scope", "conversation", "conversationKey", "kb")),
				new MemoryHit("staff", 0.95, "s", Map.of("clientId", tenant, "scope", "dealership")),
				new MemoryHit("old-way", 0.94, "o", Map.of("clientId", tenant)),
				new MemoryHit("forged", 0.93, "f", Map.of("clientId", tenant, "scope", "dealership", "leadKey", "kx")));
		MemoryScope dealership = MemoryScope.dealership(client);

		assertThat(MemoryRecall.merge(MemoryScope.lead(client, "kx"), returned, dealership, returned, 10))
			.extracting(MemoryHit::documentId)
			.containsExactly("lead-x", "staff");
		assertThat(MemoryRecall.merge(MemoryScope.conversation(client, "kb"), returned, dealership, returned, 10))
			.extracting(MemoryHit::documentId)
			.containsExactly("conv-b", "staff");
		assertThat(MemoryRecall.merge(null, returned, dealership, returned, 10)).extracting(MemoryHit::documentId)
			.containsExactly("staff");
		assertThat(MemoryRecall.merge(MemoryScope.lead(UUID.randomUUID(), "kx"), returned,
				MemoryScope.dealership(UUID.randomUUID()), returned, 10))
			.isEmpty();
	}

	@Test
	void aWritesStampReplacesWhatTheCallerClaimedAndItsOwnScopeAdmitsIt() {
		UUID client = UUID.randomUUID();
		Map<String, Object> metadata = new java.util.HashMap<>(Map.of("clientId", UUID.randomUUID().toString(), "scope",
				"lead", "leadKey", "someone-elses", "conversationKey", "k", "source", "crm"));

		MemoryScope.dealership(client).stamp(metadata);

		assertThat(metadata).containsOnly(Map.entry("clientId", client.toString()), Map.entry("scope", "dealership"),
				Map.entry("source", "crm"));
		assertThat(MemoryScope.dealership(client).admits(metadata)).isTrue();
		assertThat(MemoryScope.lead(client, "someone-elses").admits(metadata)).isFalse();
	}

	@Test
	void aLeadWithoutEmailHasAKeyOfItsOwnBoundToTheTenant() {
		UUID alpha = UUID.fromString("0b9d2c3e-5f1a-4c7e-9a11-2f6d8e4b7c10");
		UUID beta = UUID.fromString("7f3a1c55-2b4e-4d8a-8c3f-6a9e0d1b2c34");

		String key = MemoryTags.leadKey(alpha, "lead-1", null, null);

		assertThat(key).hasSize(64)
			.isEqualTo(MemoryTags.leadKey(alpha, "lead-1", " ", null))
			.isEqualTo(MemoryTags.leadIdKey(alpha, "lead-1", null))
			.isNotEqualTo(MemoryTags.leadKey(alpha, "lead-2", null, null))
			.isNotEqualTo(MemoryTags.leadKey(beta, "lead-1", null, null))
			.isNotEqualTo(MemoryTags.leadKey(alpha, "lead-1", null, "s3cret"))
			.isNotEqualTo(MemoryTags.conversationKey(alpha, "lead-1", null));
		// An e-mail, whatever it says, never yields the key of a lead id.
		assertThat(MemoryTags.leadKey(alpha + "/lead-1", null)).isNotEqualTo(key);
		assertThat(MemoryTags.leadKey(alpha, "lead-1", "Jane@Example.com", null))
			.isEqualTo(MemoryTags.leadKey("jane@example.com", null));
		assertThat(MemoryTags.leadKey(alpha, null, "jane@example.com", null)).isNull();
	}

	@Test
	void aConversationKeyIsBoundToTheTenantAndTheSecret() {
		UUID alpha = UUID.randomUUID();
		String key = MemoryTags.conversationKey(alpha, "visit-1", null);

		assertThat(key).hasSize(64)
			.isEqualTo(MemoryTags.conversationKey(alpha, "visit-1", null))
			.isNotEqualTo(MemoryTags.conversationKey(alpha, "visit-2", null))
			.isNotEqualTo(MemoryTags.conversationKey(UUID.randomUUID(), "visit-1", null))
			.isNotEqualTo(MemoryTags.conversationKey(alpha, "visit-1", "s3cret"));
		assertThat(MemoryTags.conversationKey(alpha, null, null)).isNull();
		assertThat(MemoryTags.conversationScope(alpha, key)).containsExactly(MemoryTags.clientTag(alpha),
				"conv:" + key);
	}

	@Test
	void snippetsAreCutTo500Characters() {
		assertThat(new MemoryHit("d", 1, "z".repeat(900), Map.of()).snippet()).hasSize(500);
	}

}
