package io.agentruntime.policy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A policy pattern with the literals one of which every match of it contains. Most
 * clauses contain none of them, and a few {@code indexOf} scans rule those out far
 * cheaper than running the regular expression (issue 15 profile: the policy's ~45
 * patterns per clause of every reply and quick reply). The guard only skips runs that
 * could not match, so verdicts are those of the bare patterns; {@code PolicyGuardTests}
 * holds every guard to that on the labelled corpora.
 *
 * @param pattern the pattern, over folded text
 * @param anyOf literals of the folded text, one of which every match contains
 */
record GuardedPattern(Pattern pattern, List<String> anyOf) {

	static GuardedPattern of(String regex, String... anyOf) {
		return new GuardedPattern(Pattern.compile(regex), List.of(anyOf));
	}

	/** Whether the clause holds one of the literals, so the pattern may match. */
	boolean mayMatch(String clause) {
		// Indexed, not for-each: an iterator per pattern per clause was 2 % of a reply's
		// allocated bytes (issue 15 allocation profile, docs/notes/15-alloc.md).
		for (int i = 0; i < this.anyOf.size(); i++) {
			if (clause.contains(this.anyOf.get(i))) {
				return true;
			}
		}
		return false;
	}

	boolean find(String clause) {
		return mayMatch(clause) && this.pattern.matcher(clause).find();
	}

	/** A matcher over the clause, or {@literal null} when no literal is there. */
	Matcher matcherIfPossible(String clause) {
		return mayMatch(clause) ? this.pattern.matcher(clause) : null;
	}

}
