package io.agentruntime.audit;

import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A tenant's usage per UTC day and model, from its audit rows.
 *
 * @param from first day, inclusive
 * @param to last day, inclusive
 * @param days one row per day and model that had exchanges, by day then model
 * @param totals the sums over the range
 */
@Schema(name = "UsageReport")
record UsageReport(@Schema(example = "2026-11-01") LocalDate from, @Schema(example = "2026-11-24") LocalDate to,
		List<Day> days, Totals totals) {

	/**
	 * @param date the UTC day
	 * @param model the model that answered; {@code null} for fallback replies
	 * @param requests replies
	 * @param degraded replies with at least one degraded reason
	 * @param promptTokens prompt tokens the LLM reported
	 * @param completionTokens completion tokens the LLM reported
	 */
	@Schema(name = "UsageDay")
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record Day(@Schema(example = "2026-11-24") LocalDate date,
			@Schema(example = "openai/gpt-4o-mini", nullable = true) String model,
			@Schema(example = "42") long requests, @Schema(example = "3") long degraded,
			@Schema(example = "50400") long promptTokens, @Schema(example = "1260") long completionTokens) {
	}

	/**
	 * @param requests replies
	 * @param degraded degraded replies
	 * @param promptTokens prompt tokens
	 * @param completionTokens completion tokens
	 */
	@Schema(name = "UsageTotals")
	record Totals(@Schema(example = "42") long requests, @Schema(example = "3") long degraded,
			@Schema(example = "50400") long promptTokens, @Schema(example = "1260") long completionTokens) {

		static Totals of(List<Day> days) {
			return new Totals(days.stream().mapToLong(Day::requests).sum(),
					days.stream().mapToLong(Day::degraded).sum(), days.stream().mapToLong(Day::promptTokens).sum(),
					days.stream().mapToLong(Day::completionTokens).sum());
		}

	}

}
