package io.agentruntime.llm;

import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What the conversation taught about the lead (DESIGN §10). Every field is optional;
 * values outside the enums of DESIGN §10 are dropped (the compact constructor makes them
 * {@code null}), never a reason to reject a reply.
 *
 * @param intent {@link #INTENTS}
 * @param vehicle free text, at most {@value #MAX_VEHICLE_CHARS} characters after trim
 * @param timeframe {@link #TIMEFRAMES}
 * @param tradeIn whether the lead has a car to trade in
 * @param financing {@link #FINANCING}
 * @param contactPreference {@link #CONTACT_PREFERENCES}
 */
public record Qualification(String intent, String vehicle, String timeframe, Boolean tradeIn, String financing,
		String contactPreference) {

	/** Longest vehicle description kept; a longer one is cut. */
	public static final int MAX_VEHICLE_CHARS = 200;

	public static final Set<String> INTENTS = Set.of("browse", "availability", "test_drive", "buy", "trade_in",
			"financing", "service", "other");

	public static final Set<String> TIMEFRAMES = Set.of("today", "this_week", "this_month", "later", "unknown");

	public static final Set<String> FINANCING = Set.of("cash", "wants_financing", "lease", "unknown");

	public static final Set<String> CONTACT_PREFERENCES = Set.of("call", "text", "email", "chat", "unknown");

	/** Nothing known. */
	public static final Qualification NONE = new Qualification(null, null, null, null, null, null);

	public Qualification {
		intent = oneOf(intent, INTENTS);
		timeframe = oneOf(timeframe, TIMEFRAMES);
		financing = oneOf(financing, FINANCING);
		contactPreference = oneOf(contactPreference, CONTACT_PREFERENCES);
		vehicle = (vehicle == null || vehicle.isBlank()) ? null : vehicle.strip().replace("\u0000", "");
		if (vehicle != null && vehicle.length() > MAX_VEHICLE_CHARS) {
			vehicle = vehicle.substring(0, MAX_VEHICLE_CHARS).strip();
		}
	}

	/** Whether no field is known. */
	@JsonIgnore
	public boolean isEmpty() {
		return this.equals(NONE);
	}

	private static String oneOf(String value, Set<String> allowed) {
		return (value != null && allowed.contains(value)) ? value : null;
	}

	@Override
	public String toString() {
		// The vehicle is the lead's words: keep it out of logs.
		return "Qualification[intent=" + this.intent + ", timeframe=" + this.timeframe + "]";
	}

}
