package io.agentruntime.memory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.agentruntime.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One behaviour for every memory store (DESIGN §5): the built-in PostgreSQL store and the
 * Supermemory client against its fake run these same tests, so switching providers
 * changes where memory lives, not what recall returns. Each test works in fresh random
 * tenants.
 */
abstract class MemoryStoreContractTests extends IntegrationTest {

	/** The store under test. */
	abstract MemoryClient store();

	private final UUID tenant = UUID.randomUUID();

	private final String leadKey = MemoryTags.leadKey(UUID.randomUUID() + "@example.com", null);

	@Test
	void findsAWrittenDocumentInItsExactScopeWithItsMetadata() {
		write("ex_" + UUID.randomUUID(), "The lead wants a blue Golf GTI with a manual gearbox",
				MemoryTags.leadScope(this.tenant, this.leadKey), Map.of("kind", "exchange"));

		List<MemoryHit> hits = store()
			.search(search("blue Golf GTI manual", MemoryTags.leadScope(this.tenant, this.leadKey)));

		assertThat(hits).hasSize(1);
		assertThat(hits.get(0).snippet()).contains("blue Golf GTI");
		assertThat(hits.get(0).score()).isBetween(0.6, 1.0);
		assertThat(hits.get(0).metadata()).containsEntry("clientId", this.tenant.toString())
			.containsEntry("kind", "exchange");
	}

	@Test
	void keepsTheDealershipScopeApartFromTheLeadScope() {
		write("ex_" + UUID.randomUUID(), "Private note about the lead trade-in Passat",
				MemoryTags.leadScope(this.tenant, this.leadKey), Map.of());
		write("in_" + UUID.randomUUID(), "Dealership opening hours: Saturday trade-in appraisals",
				MemoryTags.dealershipScope(this.tenant), Map.of());

		List<MemoryHit> dealership = store()
			.search(search("trade-in appraisals Saturday", MemoryTags.dealershipScope(this.tenant)));

		assertThat(dealership).extracting(MemoryHit::snippet).allMatch(s -> s.contains("opening hours"));
	}

	@Test
	void neverReturnsAnotherTenantsDocumentsEvenWithTheSameLeadTag() {
		UUID other = UUID.randomUUID();
		write("ex_" + UUID.randomUUID(), "Other dealership quoted a red Tiguan lease",
				MemoryTags.leadScope(other, this.leadKey), Map.of());

		List<MemoryHit> hits = store()
			.search(search("red Tiguan lease", MemoryTags.leadScope(this.tenant, this.leadKey)));

		assertThat(hits).isEmpty();
	}

	@Test
	void appliesTheThresholdAndTheLimit() {
		List<String> scope = MemoryTags.dealershipScope(this.tenant);
		for (int i = 0; i < 4; i++) {
			write("in_" + UUID.randomUUID(), "Winter tyres package number " + i + " for the electric hatchback", scope,
					Map.of());
		}
		write("in_" + UUID.randomUUID(), "Winter coats are sold next door", scope, Map.of());

		List<MemoryHit> hits = store().search(
				new MemorySearch("winter tyres electric hatchback", scope, this.tenant, 3, 0.6, Duration.ofSeconds(2)));

		assertThat(hits).hasSize(3).allMatch(hit -> hit.snippet().contains("tyres") && hit.score() >= 0.6);
		assertThat(hits).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
	}

	@Test
	void updatesTheDocumentWithTheSameCustomIdInsteadOfDuplicatingIt() {
		String customId = "in_" + UUID.randomUUID();
		List<String> scope = MemoryTags.dealershipScope(this.tenant);
		write(customId, "Service appointment booked for Monday morning", scope, Map.of());
		write(customId, "Service appointment booked for Monday morning, moved to the afternoon", scope, Map.of());

		List<MemoryHit> hits = store().search(search("service appointment Monday", scope));

		assertThat(hits).hasSize(1);
		assertThat(hits.get(0).snippet()).contains("afternoon");
		assertThat(store().list(scope)).hasSize(1);
	}

	@Test
	void listsAndDeletesDocumentsById() {
		List<String> lead = MemoryTags.leadScope(this.tenant, this.leadKey);
		write("ex_" + UUID.randomUUID(), "First conversation about a pickup truck", lead, Map.of());
		write("ex_" + UUID.randomUUID(), "Second conversation about a pickup truck", lead, Map.of());

		List<StoredDocument> listed = store().list(lead);
		assertThat(listed).hasSize(2).allSatisfy(document -> {
			assertThat(document.metadata()).containsEntry("clientId", this.tenant.toString());
			assertThat(document.tags()).contains(MemoryTags.clientTag(this.tenant), MemoryTags.leadTag(this.leadKey));
		});
		store().delete(List.of(listed.get(0).id()));
		store().delete(List.of(listed.get(0).id()));
		assertThat(store().list(lead)).extracting(StoredDocument::id).containsExactly(listed.get(1).id());
		store().delete(List.of(listed.get(1).id(), "doc_that_never_existed"));

		assertThat(store().list(lead)).isEmpty();
		assertThat(store().search(search("pickup truck conversation", lead))).isEmpty();
	}

	private void write(String customId, String content, List<String> tags, Map<String, Object> extra) {
		Map<String, Object> metadata = new java.util.LinkedHashMap<>(extra);
		metadata.put("clientId", tags.get(0).substring("client:".length()));
		store().write(new MemoryWrite(customId, content, tags, metadata));
	}

	private MemorySearch search(String query, List<String> tags) {
		return new MemorySearch(query, tags, this.tenant, 5, 0.6, Duration.ofSeconds(2));
	}

}
