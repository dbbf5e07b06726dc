package io.agentruntime.policy;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;

/**
 * Folds a text into the one form the policy's patterns are written for: compatibility
 * forms folded (full-width {@code ＄１} is {@code $1}), invisible format characters removed
 * (a zero-width space cannot split a word), Cyrillic and Greek look-alikes mapped to the
 * Latin letters they imitate, typographic quotes and dashes made ASCII, lower case,
 * single spaces. Pure; no I/O.
 */
final class PolicyText {

	/**
	 * Letters that render like Latin ones (Unicode confusables of the scripts a model or
	 * a lead is likely to slip in); lower and upper case, since some capitals lower-case
	 * to letters that no longer look Latin.
	 */
	private static final Map<Character, Character> LOOK_ALIKES = Map.ofEntries(Map.entry('а', 'a'), Map.entry('е', 'e'),
			Map.entry('о', 'o'), Map.entry('р', 'p'), Map.entry('с', 'c'), Map.entry('у', 'y'), Map.entry('х', 'x'),
			Map.entry('і', 'i'), Map.entry('ј', 'j'), Map.entry('ѕ', 's'), Map.entry('ԁ', 'd'), Map.entry('һ', 'h'),
			Map.entry('ӏ', 'l'), Map.entry('ԛ', 'q'), Map.entry('ԝ', 'w'), Map.entry('А', 'a'), Map.entry('В', 'b'),
			Map.entry('Е', 'e'), Map.entry('К', 'k'), Map.entry('М', 'm'), Map.entry('Н', 'h'), Map.entry('О', 'o'),
			Map.entry('Р', 'p'), Map.entry('С', 'c'), Map.entry('Т', 't'), Map.entry('Х', 'x'), Map.entry('І', 'i'),
			Map.entry('Ј', 'j'), Map.entry('Ѕ', 's'), Map.entry('ο', 'o'), Map.entry('α', 'a'), Map.entry('ι', 'i'),
			Map.entry('κ', 'k'), Map.entry('ν', 'v'), Map.entry('τ', 't'), Map.entry('ρ', 'p'), Map.entry('υ', 'u'),
			Map.entry('Α', 'a'), Map.entry('Β', 'b'), Map.entry('Ε', 'e'), Map.entry('Ζ', 'z'), Map.entry('Η', 'h'),
			Map.entry('Ι', 'i'), Map.entry('Κ', 'k'), Map.entry('Μ', 'm'), Map.entry('Ν', 'n'), Map.entry('Ο', 'o'),
			Map.entry('Ρ', 'p'), Map.entry('Τ', 't'), Map.entry('Υ', 'y'), Map.entry('Χ', 'x'));

	private PolicyText() {
	}

	/** The folded form of {@code text}; {@code null} folds to the empty string. */
	static String fold(String text) {
		if (text == null) {
			return "";
		}
		String compatible = Normalizer.normalize(text, Normalizer.Form.NFKC);
		StringBuilder folded = new StringBuilder(compatible.length());
		boolean space = false;
		for (int i = 0; i < compatible.length(); i++) {
			char c = compatible.charAt(i);
			// ASCII has no format characters and no look-alikes: most text takes this
			// path.
			char mapped;
			if (c < 0x80) {
				mapped = (c == '`') ? '\'' : c;
			}
			else if (Character.getType(c) == Character.FORMAT) {
				continue;
			}
			else {
				mapped = map(c);
			}
			if (Character.isWhitespace(mapped) || Character.isSpaceChar(mapped)) {
				space = folded.length() > 0;
				continue;
			}
			if (space) {
				folded.append(' ');
				space = false;
			}
			folded.append(mapped);
		}
		return folded.toString().toLowerCase(Locale.ROOT);
	}

	private static char map(char c) {
		Character latin = LOOK_ALIKES.get(c);
		if (latin != null) {
			return latin;
		}
		return switch (c) {
			case '\u2018', '\u2019', '\u201B', '\u02BC', '\u2032', '`', '\u00B4' -> '\'';
			case '\u201C', '\u201D', '\u201E', '\u2033' -> '"';
			case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212' -> '-';
			default -> c;
		};
	}

}
