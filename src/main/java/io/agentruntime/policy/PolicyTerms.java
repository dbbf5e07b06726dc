package io.agentruntime.policy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A dealership's own terms for the policy: the {@code competitors} it does not want named
 * and its {@code blockedPhrases} (DESIGN §12), compiled once per check. A term matches as
 * a whole word in the folded text (see {@link PolicyText}), whatever the case, look-alike
 * letters or spacing: {@code Car Max}, {@code car-max} and {@code CARMAX} all match
 * {@code CarMax}, {@code Kia} does not match {@code skiable}.
 */
public final class PolicyTerms {

	/** No terms: only the built-in rules apply. */
	public static final PolicyTerms NONE = new PolicyTerms(List.of(), List.of());

	private final List<Pattern> competitors;

	private final List<Pattern> blockedPhrases;

	private PolicyTerms(List<Pattern> competitors, List<Pattern> blockedPhrases) {
		this.competitors = competitors;
		this.blockedPhrases = blockedPhrases;
	}

	/**
	 * The terms of a config.
	 * @param competitors names; blank ones are ignored; may be {@literal null}
	 * @param blockedPhrases phrases; blank ones are ignored; may be {@literal null}
	 */
	public static PolicyTerms of(List<String> competitors, List<String> blockedPhrases) {
		return new PolicyTerms(compile(competitors), compile(blockedPhrases));
	}

	List<Pattern> competitors() {
		return this.competitors;
	}

	List<Pattern> blockedPhrases() {
		return this.blockedPhrases;
	}

	private static List<Pattern> compile(List<String> terms) {
		if (terms == null) {
			return List.of();
		}
		return terms.stream().map(PolicyTerms::pattern).filter(p -> p != null).toList();
	}

	/**
	 * The letters and digits of the folded term, in order, with up to two separators
	 * allowed between any two of them, bounded by non-alphanumerics. Spacing and
	 * punctuation inside a name are how people and models write it differently, so they
	 * do not count; letters do.
	 */
	static Pattern pattern(String term) {
		String folded = PolicyText.fold(term);
		StringBuilder regex = new StringBuilder("(?<![\\p{L}\\p{N}])");
		int letters = 0;
		for (int i = 0; i < folded.length(); i++) {
			char c = folded.charAt(i);
			if (!Character.isLetterOrDigit(c)) {
				continue;
			}
			if (letters > 0) {
				regex.append("[^\\p{L}\\p{N}]{0,2}");
			}
			regex.append(Pattern.quote(String.valueOf(c)));
			letters++;
		}
		if (letters == 0) {
			return null;
		}
		regex.append("(?![\\p{L}\\p{N}])");
		return Pattern.compile(regex.toString());
	}

}
