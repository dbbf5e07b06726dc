package io.agentruntime.memory;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Lead keys and scopes of DESIGN §5, and the merge that drops foreign hits. */
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
		Map<String, Object> own = Map.of("clientId", client.toString());
		List<MemoryHit> lead = List.of(new MemoryHit("d1", 0.9, "a", own),
				new MemoryHit("foreign", 0.99, "x", Map.of("clientId", UUID.randomUUID().toString())));
		List<MemoryHit> dealership = List.of(new MemoryHit("d1", 0.7, "a", own), new MemoryHit("d2", 0.8, "b", own),
				new MemoryHit("nometa", 0.95, "y", Map.of()), new MemoryHit("d3", 0.6, "c", own));

		List<MemoryHit> merged = MemoryRecall.merge(client, lead, dealership, 2);

		assertThat(merged).extracting(MemoryHit::documentId).containsExactly("d1", "d2");
		assertThat(merged.get(0).score()).isEqualTo(0.9);
	}

	@Test
	void snippetsAreCutTo500Characters() {
		assertThat(new MemoryHit("d", 1, "z".repeat(900), Map.of()).snippet()).hasSize(500);
	}

}
