package io.agentruntime.policy;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The parts of the policy check the corpus does not show one by one. */
class CommitmentPolicyTests {

	@Test
	void matchesACompetitorAsAWholeNameWhateverItsSpacingCaseOrLookAlikeLetters() {
		PolicyTerms terms = PolicyTerms.of(List.of("Kia of Springfield", "CarMax"), List.of());

		assertThat(CommitmentPolicy.check("Try KIA-of-Springfield instead.", terms))
			.containsExactly(PolicyRule.COMPETITOR);
		assertThat(CommitmentPolicy.check("Try C\u0430r Max instead.", terms)).containsExactly(PolicyRule.COMPETITOR);
		assertThat(CommitmentPolicy.check("The Kia of our neighbour is skiable in Springfield? No.", terms)).isEmpty();
		assertThat(CommitmentPolicy.check("The carmaxx brand is unrelated.", terms)).isEmpty();
	}

	@Test
	void ignoresTermsWithoutLettersAndBlankText() {
		PolicyTerms terms = PolicyTerms.of(List.of(" ", "!!"), null);

		assertThat(CommitmentPolicy.check("Anything at all.", terms)).isEmpty();
		assertThat(CommitmentPolicy.check(null, PolicyTerms.NONE)).isEmpty();
		assertThat(CommitmentPolicy.check("  ", PolicyTerms.NONE)).isEmpty();
	}

	@Test
	void treatsALineBreakAsTheEndOfAClause() {
		assertThat(CommitmentPolicy.check("I can help you with the Tahoe\n$1 deals are not real", PolicyTerms.NONE))
			.isEmpty();
		assertThat(CommitmentPolicy.check("Sure!\nI can do $1 for the Tahoe", PolicyTerms.NONE))
			.containsExactly(PolicyRule.PRICE_COMMITMENT);
	}

	@Test
	void reportsEveryRuleAReplyBreaksInDeclarationOrder() {
		assertThat(CommitmentPolicy.check("I'm a real person and that's a deal: I can do $1.", PolicyTerms.NONE))
			.containsExactly(PolicyRule.PRICE_COMMITMENT, PolicyRule.BINDING_OFFER, PolicyRule.HUMAN_CLAIM);
	}

	@Test
	void foldsFullWidthLookAlikeAndInvisibleCharacters() {
		assertThat(PolicyText.fold("ＩＣＡＮ ｄｏ ＄１")).isEqualTo("ican do $1");
		assertThat(PolicyText.fold("D\u0435\u200Bal\u00A0\u00A0now \u2014 ok")).isEqualTo("deal now - ok");
		assertThat(PolicyText.fold("It\u2019s yours")).isEqualTo("it's yours");
	}

}
