package io.agentruntime.audit;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Usage per UTC day and model from {@code agent_exchange}, this tenant only (DESIGN §3,
 * §7). The {@code (client_id, created_at)} index serves the range scan.
 */
@Service
class UsageService {

	/**
	 * Longest range one query may cover, in days; about a year, well beyond the audit
	 * retention.
	 */
	static final int MAX_DAYS = 366;

	/** Days covered when {@code from} is not given. */
	static final int DEFAULT_DAYS = 30;

	private final JdbcClient jdbc;

	private final Clock clock = Clock.systemUTC();

	UsageService(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The report for {@code from..to} (inclusive, {@code YYYY-MM-DD}); {@code to}
	 * defaults to today (UTC) and {@code from} to {@value #DEFAULT_DAYS} days before it.
	 * @throws InvalidUsageRange for a malformed date, a reversed range or one over
	 * {@value #MAX_DAYS} days
	 */
	@Transactional(readOnly = true)
	UsageReport report(UUID clientId, String fromText, String toText) {
		LocalDate to = (toText != null) ? date("to", toText) : LocalDate.now(this.clock);
		LocalDate from = (fromText != null) ? date("from", fromText) : to.minusDays(DEFAULT_DAYS - 1);
		if (from.isAfter(to)) {
			throw new InvalidUsageRange("from", "must not be after to");
		}
		if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
			throw new InvalidUsageRange("from", "the range must not exceed " + MAX_DAYS + " days");
		}
		List<UsageReport.Day> days = this.jdbc.sql("""
				select (created_at at time zone 'UTC')::date as day, model, count(*),
				    count(*) filter (where jsonb_array_length(degraded_reasons) > 0),
				    coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0)
				from agent_exchange
				where client_id = :clientId and created_at >= :start and created_at < :end
				  and author is null -- staff messages (DESIGN §11) are no requests of the reply
				group by 1, 2 order by 1, 2 nulls last
				""")
			.param("clientId", clientId)
			.param("start", from.atStartOfDay().atOffset(ZoneOffset.UTC))
			.param("end", to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC))
			.query((rs, row) -> new UsageReport.Day(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getLong(3),
					rs.getLong(4), rs.getLong(5), rs.getLong(6)))
			.list();
		return new UsageReport(from, to, days, UsageReport.Totals.of(days));
	}

	private static LocalDate date(String field, String text) {
		LocalDate date;
		try {
			date = LocalDate.parse(text.trim());
		}
		catch (DateTimeParseException ex) {
			throw new InvalidUsageRange(field, "must be a date as YYYY-MM-DD");
		}
		// Years Java parses but the range arithmetic or PostgreSQL cannot take
		// (-999999999 was a 500, found by the fuzz campaign of issue 9).
		if (date.getYear() < 1 || date.getYear() > 9999) {
			throw new InvalidUsageRange(field, "must be a date as YYYY-MM-DD");
		}
		return date;
	}

}
