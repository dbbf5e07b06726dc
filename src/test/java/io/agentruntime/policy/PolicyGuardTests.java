package io.agentruntime.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The literal guards in front of the policy's patterns only skip runs that could not
 * match: on every clause of the labelled corpora, a pattern that matches has its guard
 * open, so the policy's verdicts are exactly those of the bare patterns.
 */
class PolicyGuardTests {

	private static final List<String> CORPORA = List.of("corpus.tsv", "holdout.tsv", "holdout2.tsv", "holdout3.tsv");

	@Test
	void noGuardRulesOutAClauseItsPatternMatches() throws IOException {
		List<String> clauses = corpusClauses();
		int matches = 0;
		int skipped = 0;
		for (GuardedPattern guarded : CommitmentPolicy.guardedPatterns()) {
			for (String clause : clauses) {
				boolean matched = guarded.pattern().matcher(clause).find();
				if (matched) {
					matches++;
					assertThat(guarded.mayMatch(clause))
						.as("guard %s of %s on \"%s\"", guarded.anyOf(), guarded.pattern(), clause)
						.isTrue();
				}
				else if (!guarded.mayMatch(clause)) {
					skipped++;
				}
			}
		}
		assertThat(clauses).hasSizeGreaterThan(400);
		assertThat(matches).as("pattern matches seen").isGreaterThan(100);
		assertThat(skipped).as("regular-expression runs the guards save")
			.isGreaterThan(clauses.size() * CommitmentPolicy.guardedPatterns().size() * 3 / 4);
	}

	@Test
	void ruleOutAnAmountOnlyWhenTheClauseHasNoDigitAndNoUnitWord() {
		GuardedPattern amount = CommitmentPolicy.guardedPatterns()
			.stream()
			.filter(guarded -> guarded.anyOf().contains("dollar"))
			.findFirst()
			.orElseThrow();

		assertThat(amount.find("i can do thirty thousand dollars")).isTrue();
		assertThat(amount.find("i can do $1")).isTrue();
		assertThat(amount.mayMatch("we have the golf in blue and in red")).isFalse();
	}

	private static List<String> corpusClauses() throws IOException {
		List<String> clauses = new ArrayList<>();
		for (String file : CORPORA) {
			try (InputStream in = PolicyGuardTests.class.getResourceAsStream("/policy/" + file)) {
				assertThat(in).as(file).isNotNull();
				String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
				for (int i = 1; i < lines.length; i++) {
					String[] fields = lines[i].split("\t", 3);
					if (fields.length == 3) {
						clauses.addAll(CommitmentPolicy.clauses(fields[2]));
					}
				}
			}
		}
		return clauses;
	}

}
