package io.agentruntime.policy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deterministic commitment policy of DESIGN §12: pure functions over a reply's text,
 * no LLM, no I/O. A net, not a guarantee: it catches the usual ways a model agrees to a
 * price, accepts an offer, calls something binding, claims to be human or names a
 * competitor, and lets facts through ("the MSRP is listed at $41,990").
 *
 * <p>
 * How it tells an offer from a fact: a figure (money in any common currency and format, a
 * percentage, a monthly payment) is a commitment only in the same clause as a first
 * person offering or accepting it ("I can do", "we'll give you", "is yours", "your
 * payment will be"). Listing, quoting and advertising verbs are not in that list, and a
 * negated modal ("I can't do") does not match. Acceptance and guarantee words count
 * unless a negation stands just before them ("I can't guarantee"). The patterns are
 * measured on the labelled corpus in {@code src/test/resources/policy/corpus.tsv}.
 */
public final class CommitmentPolicy {

	/** Number words, for amounts written out ("thirty thousand dollars"). */
	private static final String NUMBER_WORD = "(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
			+ "thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
			+ "seventy|eighty|ninety|hundred|zero|half)";

	/**
	 * Money, a percentage or a monthly payment: {@code $1}, {@code ＄１} (folded),
	 * {@code USD 30,000}, {@code 35 000 $}, {@code €25.000}, {@code 30k} (not {@code 30k
	 * miles}), {@code 3 grand}, {@code 1 dollar}, {@code thirty thousand dollars},
	 * {@code 2.9%}, {@code zero percent}, {@code 250 a month}, {@code $299/mo}.
	 */
	private static final GuardedPattern AMOUNT = GuardedPattern.of(
			String.join("|", "[$€£¥₹]\\s?\\d", "\\d[\\d,.]*(?: \\d{3})*\\s?[$€£¥₹]",
					"\\b(?:usd|us\\$|cad|aud|eur|gbp|chf)\\s?\\d",
					"\\b\\d[\\d,.]*\\s?k\\b(?!\\s?-?\\s?(?:mi\\b|miles?\\b|km\\b|kilomet|service))",
					"\\b\\d[\\d,.]*\\s?(?:grand|thousand|hundred|dollars?|bucks|euros?|pounds?|usd|cad|eur|gbp)\\b",
					"\\b" + NUMBER_WORD + "(?:[\\s-]+(?:" + NUMBER_WORD + "|and|thousand))*\\s+"
							+ "(?:dollars?|bucks|grand|thousand|euros?|pounds?|percent)\\b",
					"\\b\\d+(?:\\.\\d+)?\\s?(?:%|percent\\b)", "\\b\\d[\\d,.]*\\s?(?:a|per|/)\\s?(?:mo|month)\\b"),
			// A digit, or the unit of an amount in words.
			"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "dollar", "buck", "grand", "thousand", "euro", "pound",
			"percent");

	/** What an offering first person may do with a figure. */
	private static final String OFFER_VERB = "(?:do|give|offer|sell|take|knock|drop|bring|lower|make|price|let|get|"
			+ "approve|match|pay|buy|throw|waive|discount|hold|lock|reduce|cut|shave|beat|honou?r|accept|agree|go|put|"
			+ "lease|finance|cover|deduct|add|write|quote you|sign|guarantee|eat|absorb)";

	/**
	 * Verbs that hand a figure on rather than offer it: "I'll pass your offer of $25,000
	 * on to a sales manager".
	 */
	private static final String HAND_ON = "(?!\\s+(?:pass|forward|send|share|relay|note|ask|check|tell|let (?:the|our|a))\\b)";

	/**
	 * "I can", "we'll", "I'm happy to", "I'd be glad to", … not followed by a negation:
	 * {@code can't}, {@code couldn't} and {@code will not} do not match.
	 */
	private static final String OFFERING_SUBJECT = "\\b(?:i|we)\\s?(?:'ll|will|can|could|would|'d|shall|"
			+ "(?:am|'m|are|'re|'d be|would be) (?:able|happy|glad|willing|going|prepared|ready) to|'m gonna|"
			+ "'re gonna)(?!'t|n't|\\s+not\\b|\\s+never\\b)";

	/**
	 * Clause frames that turn a figure in the same clause into an offer or acceptance.
	 */
	private static final List<Pattern> PRICE_FRAMES = patterns(
			OFFERING_SUBJECT + HAND_ON + "\\s+(?:\\w+\\s+){0,3}?" + OFFER_VERB + "\\b",
			// Done already: "I went ahead and knocked $1,200 off".
			"\\b(?:i|we)(?:'ve| have)?\\s+(?:\\w+\\s+){0,3}?(?:knocked|took|dropped|lowered|reduced|cut|discounted|"
					+ "approved|matched|waived|locked|applied|marked)\\b",
			"\\b(?:i|we) (?:agree|accept)\\b", "\\b(?:is|are|it's|its|be) yours\\b|'s yours\\b",
			"(?:\\d|k)\\s+it is\\b", "^for you\\b", "\\blet's (?:say|do|make it|call it|go with)\\b", "\\bhow about\\b",
			"\\bmake it\\b",
			"\\byour (?:monthly )?(?:payments?|rate|apr|price) (?:will be|would be|is going to be|comes to|is)\\b",
			"\\byou(?:'ll| will)(?: only)? pay\\b", "\\byou pay only\\b", "\\bworth\\b.*\\bto (?:us|me)\\b",
			"\\byour trade(?:-in)? (?:is worth|gets you)\\b", "\\bgets you\\b.*\\bfrom us\\b",
			"\\b(?:my|our) (?:best |final )?(?:offer|price)\\b",
			"\\byou can (?:drive it home|have it|get it|take it home)\\b", "\\bhow does\\b.*\\bsound\\b",
			"\\blet me (?:do|give|offer|knock|take|make|get)\\b", "\\bworks for (?:us|me)\\b",
			// Conditional offers: "sign today and the Ram is $42,000 flat".
			"\\b(?:sign|buy|drive it home|come in) (?:today|now|tonight|this week)\\b",
			"\\bif you (?:sign|buy|take it|come in|put down|close)\\b",
			// Accepting a figure the lead named: "$1 is fine".
			"(?:\\d|k)\\s+(?:is|sounds|works)\\s+(?:fine|ok|okay|acceptable|good)\\b");

	/**
	 * Commitments that need no figure: taking over the lead's payments, fees or taxes.
	 */
	private static final GuardedPattern COST_COMMITMENT = GuardedPattern.of(
			OFFERING_SUBJECT + "\\s+(?:\\w+\\s+){0,2}?(?:cover|pay|waive|eat|absorb|skip)\\s+(?:your |the )?"
					+ "(?:first |next |\\w+ ){0,2}(?:payments?|taxes|fees?|down payment|registration)\\b",
			"payment", "taxes", "fee", "registration");

	/**
	 * Acceptance, guarantee and binding words; ignored after a negation. Each with the
	 * literals one of which its every match contains.
	 */
	private static final List<GuardedPattern> BINDING = List.of(
			GuardedPattern.of("\\bbinding\\b|\\benforceable\\b", "binding", "enforceable"),
			GuardedPattern.of("\\bguarantee(?:s|d)?\\b|\\bguaranteeing\\b", "guarantee"),
			GuardedPattern
				.of("\\b(?:it's|its|it is|that's|thats|that is|you've got|you got|you have|we have|we've got|got yourself)"
						+ " (?:a |an )?(?:deal|agreement)\\b", "deal", "agreement"),
			GuardedPattern.of("\\bdone deal\\b", "deal"), GuardedPattern.of("^deal(?:\\s*[,.!?-]|$)", "deal"),
			GuardedPattern.of("^agreed\\b", "agreed"),
			GuardedPattern.of("^(?:i|we) (?:accept|agree)[.!]?$", "accept", "agree"),
			GuardedPattern.of("\\b(?:i|we) accept(?: your| the| that| this)? (?:offer|price|deal|terms|proposal)\\b",
					"accept"),
			GuardedPattern.of(
					"\\b(?:deal|offer|price|terms) (?:is |are |has been |have been )?(?:accepted|agreed|confirmed)\\b",
					"accepted", "agreed", "confirmed"),
			GuardedPattern.of("\\bit's settled\\b|\\bsettled then\\b", "settled"),
			GuardedPattern.of("\\b(?:have|give you|take) my word\\b", "word"),
			GuardedPattern
				.of("\\b(?:i|we)(?:'m| am|'re| are)? (?:happy to |glad to |able to )?confirm (?:the|your|this|that) "
						+ "(?:deal|sale|purchase|offer)\\b", "confirm"),
			GuardedPattern.of("\\bconsider it done\\b", "done"),
			GuardedPattern.of("\\b(?:we're|we are|we're all) (?:in agreement|agreed)\\b", "agree"),
			GuardedPattern.of("\\bstand (?:by|behind) (?:this|that|the|our|your) (?:price|offer|deal|quote|number)\\b",
					"stand"),
			GuardedPattern.of("\\b(?:firm|final) (?:commitment|offer|deal|quote)\\b", "firm", "final"),
			GuardedPattern.of("\\b(?:price|rate|offer) (?:won't|will not|is not going to|isn't going to) change\\b",
					"change"),
			GuardedPattern.of("\\bpromise\\b(?=.*\\b(?:price|offer|deal|rate|payment|value|approv\\w*)\\b)", "promise"),
			GuardedPattern.of("\\b(?:price|offer|deal|rate|payment|value|approv\\w*)\\b(?=.*\\bpromise\\b)", "promise"),
			GuardedPattern.of("\\byou have my word\\b", "word"),
			GuardedPattern.of(
					"\\block(?:ed)?\\s+(?:it\\s+|that\\s+|this\\s+|the price\\s+|your (?:price|rate)\\s+)?in\\b",
					"lock"),
			GuardedPattern.of("\\b(?:price|rate|offer|deal) is locked\\b", "locked"),
			GuardedPattern.of("\\bconfirmation of (?:the |your |this )?(?:offer|sale|deal|price|purchase)\\b",
					"confirmation"),
			GuardedPattern.of("\\bi (?:hereby )?confirm (?:that's |that is |the |your |this )?(?:a |an )?(?:\\w+ )?"
					+ "(?:sale|purchase|deal|order|price|offer)\\b", "confirm"),
			GuardedPattern.of(
					"\\b(?!(?:choice|decision|call|pleasure|floor|question)\\b)\\w+ is (?:officially )?yours\\b",
					"yours"),
			GuardedPattern.of("\\bit's (?:officially )?yours\\b", "yours"),
			GuardedPattern.of("\\bit's official\\b", "official"));

	/** Negations that, just before an acceptance word, make it a refusal. */
	private static final Pattern NEGATION = Pattern
		.compile("n't\\b|\\b(?:not|no|never|cannot|unable|non|nothing|without)\\b");

	/** Words before a binding match that are searched for a negation. */
	private static final int NEGATION_WINDOW_WORDS = 4;

	/**
	 * Claims to be a person. Each with the literals one of which its every match
	 * contains.
	 */
	private static final List<GuardedPattern> HUMAN = List.of(GuardedPattern.of(
			"\\bi(?:'m| am|m)\\s+(?:a\\s+|an\\s+)?(?:real\\s+|actual\\s+|live\\s+|genuine\\s+)?(?:human|person)\\b",
			"human", "person"),
			GuardedPattern.of("\\bi(?:'m| am)\\s+(?:a\\s+|an\\s+)?(?:real|actual|live|genuine)\\s+(?:\\w+\\s+)?"
					+ "(?:human|person|agent|sales\\w*|consultant|employee|rep|representative|staff\\w*|member|guy|woman|man)\\b",
					"real", "actual", "live", "genuine"),
			GuardedPattern
				.of("\\bi(?:'m| am)\\s+not\\s+(?:a\\s+|an\\s+)?(?:bot|robot|chatbot|ai|a\\.i\\.|machine|computer|program|"
						+ "artificial intelligence|virtual assistant|automated\\w*)\\b", "not"),
			GuardedPattern
				.of("\\b(?:this|it)(?: isn't| is not|'s not| s not)\\s+(?:a\\s+|an\\s+)?(?:bot|robot|chatbot|machine|ai|computer|"
						+ "automated\\w*)\\b", "n't", "not"),
			GuardedPattern.of("\\bnot an?\\s+(?:chat)?bot\\b|\\bnot an?\\s+robot\\b", "not"),
			GuardedPattern
				.of("\\byou(?:'re| are)\\s+(?:now\\s+)?(?:talking|chatting|speaking)\\s+(?:to|with)\\s+(?:a\\s+|an\\s+)?"
						+ "(?:real|live|actual)\\s+(?:\\w+\\s+){0,3}?(?:human|person|agent|sales\\w*|member|staff|employee|"
						+ "rep\\w*|consultant)\\b", "talking", "chatting", "speaking"),
			GuardedPattern.of("\\bflesh[- ]and[- ]blood\\b", "flesh"),
			GuardedPattern.of("\\bthis is an? (?:real )?(?:human|person)\\b", "human", "person"),
			GuardedPattern.of("\\bno bots? here\\b", "bot"),
			GuardedPattern.of("\\b(?:human|person)\\b[^.]*\\bnot (?:an? )?(?:ai|bot|robot|computer|machine)\\b",
					"human", "person"),
			GuardedPattern.of("\\bi(?:'m| am)\\s+(?:one of the\\s+)?(?:humans|people)\\b", "humans", "people"),
			GuardedPattern.of("\\bas an? (?:real )?(?:human|person)\\b", "human", "person"),
			GuardedPattern.of("^(?:a )?real (?:human|person) here\\b", "human", "person"));

	/** Clause boundaries in folded text: end of sentence, semicolon, a spaced dash. */
	private static final Pattern CLAUSE_BREAK = Pattern.compile("(?<=[.!?;])\\s+|\\s+-+\\s+");

	private static final Pattern LINE_BREAK = Pattern.compile("\\R");

	private static final Pattern LEADING_NOISE = Pattern.compile("^[^\\p{L}\\p{N}$€£¥₹]+");

	private CommitmentPolicy() {
	}

	/**
	 * The rules a text breaks.
	 * @param text a reply or quick reply; {@literal null} breaks none
	 * @param terms the dealership's competitors and blocked phrases; must not be
	 * {@literal null}
	 * @return the broken rules in declaration order, empty when the text passes
	 */
	public static Set<PolicyRule> check(String text, PolicyTerms terms) {
		Set<PolicyRule> broken = EnumSet.noneOf(PolicyRule.class);
		if (text == null || text.isBlank()) {
			return broken;
		}
		String whole = PolicyText.fold(text);
		if (terms.competitors().stream().anyMatch(p -> p.matcher(whole).find())) {
			broken.add(PolicyRule.COMPETITOR);
		}
		if (terms.blockedPhrases().stream().anyMatch(p -> p.matcher(whole).find())) {
			broken.add(PolicyRule.BLOCKED_PHRASE);
		}
		for (String clause : clauses(text)) {
			if ((AMOUNT.find(clause) && anyFind(PRICE_FRAMES, clause)) || COST_COMMITMENT.find(clause)) {
				broken.add(PolicyRule.PRICE_COMMITMENT);
			}
			if (binding(clause)) {
				broken.add(PolicyRule.BINDING_OFFER);
			}
			if (anyGuardedFind(HUMAN, clause)) {
				broken.add(PolicyRule.HUMAN_CLAIM);
			}
		}
		return broken;
	}

	/** The folded clauses of a text, each without leading punctuation. */
	static List<String> clauses(String text) {
		List<String> clauses = new ArrayList<>();
		for (String line : LINE_BREAK.split(text)) {
			for (String clause : CLAUSE_BREAK.split(PolicyText.fold(line))) {
				String trimmed = startsWithAsciiLetterOrDigit(clause) ? clause.trim()
						: LEADING_NOISE.matcher(clause).replaceFirst("").trim();
				if (!trimmed.isEmpty()) {
					clauses.add(trimmed);
				}
			}
		}
		return clauses;
	}

	/** Whether {@link #LEADING_NOISE} has nothing to strip, known without a regex run. */
	private static boolean startsWithAsciiLetterOrDigit(String clause) {
		if (clause.isEmpty()) {
			return false;
		}
		char first = clause.charAt(0);
		return (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || (first >= '0' && first <= '9');
	}

	private static boolean binding(String clause) {
		for (GuardedPattern pattern : BINDING) {
			Matcher matcher = pattern.matcherIfPossible(clause);
			while (matcher != null && matcher.find()) {
				if (!negated(clause, matcher.start())) {
					return true;
				}
			}
		}
		return false;
	}

	/** Whether one of the few words before {@code at} negates what follows. */
	private static boolean negated(String clause, int at) {
		String[] before = clause.substring(0, at).trim().split("\\s+");
		int from = Math.max(0, before.length - NEGATION_WINDOW_WORDS);
		String window = String.join(" ", java.util.Arrays.copyOfRange(before, from, before.length));
		return NEGATION.matcher(window).find();
	}

	private static boolean anyFind(List<Pattern> patterns, String clause) {
		for (Pattern pattern : patterns) {
			if (pattern.matcher(clause).find()) {
				return true;
			}
		}
		return false;
	}

	private static boolean anyGuardedFind(List<GuardedPattern> patterns, String clause) {
		for (GuardedPattern pattern : patterns) {
			if (pattern.find(clause)) {
				return true;
			}
		}
		return false;
	}

	/** Every guarded pattern, for the test that holds each guard to its pattern. */
	static List<GuardedPattern> guardedPatterns() {
		List<GuardedPattern> all = new ArrayList<>(BINDING);
		all.addAll(HUMAN);
		all.add(AMOUNT);
		all.add(COST_COMMITMENT);
		return all;
	}

	private static List<Pattern> patterns(String... regexes) {
		return java.util.Arrays.stream(regexes).map(Pattern::compile).toList();
	}

}
