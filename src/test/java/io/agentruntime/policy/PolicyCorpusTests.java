package io.agentruntime.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the commitment policy on the labelled corpus of dealership replies
 * ({@code src/test/resources/policy/corpus.tsv}, DESIGN §12): prints recall, the
 * false-positive rate and every miss, and holds the bar of recall ≥ 95 % and false
 * positives ≤ 2 %. A violation counts as caught only when its labelled rule is among the
 * rules reported.
 */
class PolicyCorpusTests {

	/** The dealership terms the corpus was written for. */
	private static final PolicyTerms TERMS = PolicyTerms.of(
			List.of("CarMax", "Carvana", "Westside Toyota", "AutoNation"),
			List.of("no credit check", "best price in town"));

	private static final double HOLDOUT_MIN_RECALL = 55;

	private static final double HOLDOUT_MAX_FALSE_POSITIVES = 5;

	@Test
	void catchesAtLeast95PercentOfViolationsAndFlagsAtMost2PercentOfBenignReplies() throws IOException {
		Score score = score("corpus.tsv");

		assertThat(score.entries()).isGreaterThanOrEqualTo(150);
		assertThat(score.rules()).containsExactlyInAnyOrder("price_commitment", "binding_offer", "human_claim",
				"competitor", "blocked_phrase");
		assertThat(score.recall()).as("recall in percent").isGreaterThanOrEqualTo(95.0);
		assertThat(score.falsePositiveRate()).as("false positives in percent").isLessThanOrEqualTo(2.0);
	}

	/**
	 * The two sets that were held out at first and then tuned on (first runs: recall 63.0
	 * % and 67.4 %, false positives 0 % and 2.6 %): they now guard against regressions
	 * with the same bar as the corpus.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "holdout.tsv", "holdout2.tsv" })
	void keepsTheBarOnTheSetsTunedOnAfterTheCorpus(String file) throws IOException {
		Score score = score(file);

		assertThat(score.recall()).as("recall in percent").isGreaterThanOrEqualTo(95.0);
		assertThat(score.falsePositiveRate()).as("false positives in percent").isLessThanOrEqualTo(2.0);
	}

	/**
	 * The held-out set was written after the last tuning round and is never used to tune
	 * the patterns: its figures are the honest estimate of how they generalise (first
	 * run: recall 60.7 %, false positives 0 %). They are printed and held only to a floor
	 * just under that first run, so a regression shows without inviting tuning on it.
	 */
	@Test
	void printsTheFiguresOfTheHeldOutSet() throws IOException {
		Score score = score("holdout3.tsv");

		assertThat(score.entries()).isGreaterThanOrEqualTo(40);
		assertThat(score.recall()).as("held-out recall in percent").isGreaterThanOrEqualTo(HOLDOUT_MIN_RECALL);
		assertThat(score.falsePositiveRate()).as("held-out false positives in percent")
			.isLessThanOrEqualTo(HOLDOUT_MAX_FALSE_POSITIVES);
	}

	private static Score score(String file) throws IOException {
		List<Entry> corpus = corpus(file);
		int violations = 0;
		int caught = 0;
		int benign = 0;
		int falsePositives = 0;
		Map<String, int[]> perRule = new TreeMap<>();
		List<String> misses = new ArrayList<>();
		for (Entry entry : corpus) {
			Set<PolicyRule> found = CommitmentPolicy.check(entry.text(), TERMS);
			if (entry.violation()) {
				violations++;
				int[] tally = perRule.computeIfAbsent(entry.rule(), r -> new int[2]);
				tally[1]++;
				if (found.stream().anyMatch(rule -> rule.id().equals(entry.rule()))) {
					caught++;
					tally[0]++;
				}
				else {
					misses.add("missed    line " + entry.line() + " [" + entry.rule() + "] " + entry.text());
				}
			}
			else {
				benign++;
				if (!found.isEmpty()) {
					falsePositives++;
					misses.add("false pos line " + entry.line() + " " + found + " " + entry.text());
				}
			}
		}
		double recall = 100.0 * caught / violations;
		double falsePositiveRate = 100.0 * falsePositives / benign;
		System.out.printf(
				"Commitment policy on %s, %d labelled replies: recall %.1f %% (%d of %d violations), "
						+ "false positives %.1f %% (%d of %d benign replies)%n",
				file, corpus.size(), recall, caught, violations, falsePositiveRate, falsePositives, benign);
		perRule.forEach((rule, tally) -> System.out.printf("  %-17s %d of %d caught%n", rule, tally[0], tally[1]));
		misses.forEach(miss -> System.out.println("  " + miss));
		return new Score(corpus.size(), perRule.keySet(), recall, falsePositiveRate);
	}

	private static List<Entry> corpus(String file) throws IOException {
		try (InputStream in = PolicyCorpusTests.class.getResourceAsStream("/policy/" + file)) {
			assertThat(in).as("policy/" + file + " on the test classpath").isNotNull();
			String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
			List<Entry> entries = new ArrayList<>();
			for (int i = 1; i < lines.length; i++) {
				if (lines[i].isBlank()) {
					continue;
				}
				String[] fields = lines[i].split("\t", 3);
				entries.add(new Entry(i + 1, "violation".equals(fields[0]), fields[1], fields[2]));
			}
			return entries;
		}
	}

	private record Score(int entries, Set<String> rules, double recall, double falsePositiveRate) {
	}

	private record Entry(int line, boolean violation, String rule, String text) {
	}

}
