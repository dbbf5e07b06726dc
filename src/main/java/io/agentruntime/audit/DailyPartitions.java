package io.agentruntime.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Daily range partitions of the per-event tables (DESIGN §15): each table is
 * {@code partition by range (created_at)} with a default partition and one partition per
 * UTC day named {@code
 *
<table>
 * _pYYYYMMDD}. Creates the partitions of yesterday to {@value #DAYS_AHEAD} days ahead at
 * startup and every hour (so a reply never lands in the default partition), and drops the
 * partitions wholly older than the retention. The same code serves {@code agent_exchange}
 * and every {@link DailyPartitionedTable} another feature declares; several instances may
 * run it at once (creation is idempotent, a drop that lost the race finds nothing).
 */
@Component
public class DailyPartitions {

	/** The audit table, partitioned by day since V7. */
	static final String EXCHANGES = "agent_exchange";

	/** Days created ahead of today, so a missed run or two changes nothing. */
	static final int DAYS_AHEAD = 7;

	private static final Logger log = LoggerFactory.getLogger(DailyPartitions.class);

	private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	/**
	 * The tables partitioned by day: the audit table and those other features declare
	 * ({@link DailyPartitionedTable}).
	 */
	private final List<String> tables;

	DailyPartitions(JdbcClient jdbc, PlatformTransactionManager transactionManager,
			List<DailyPartitionedTable> others) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.tables = Stream.concat(Stream.of(EXCHANGES), others.stream().map(DailyPartitionedTable::name))
			.distinct()
			.toList();
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "${agent.audit.partition-interval:1h}")
	void scheduledCreate() {
		try {
			createAhead(LocalDate.now(ZoneOffset.UTC));
		}
		catch (RuntimeException ex) {
			// The database is down; the days ahead cover many missed runs.
			log.warn("Daily partitions not created: {}", ex.getClass().getSimpleName());
		}
	}

	/**
	 * Creates the missing partitions from the day before {@code today} to
	 * {@value #DAYS_AHEAD} days after it, for every table.
	 * @return partitions created
	 */
	public int createAhead(LocalDate today) {
		int created = 0;
		for (String table : this.tables) {
			List<String> existing = partitions(table);
			for (LocalDate day = today.minusDays(1); !day.isAfter(today.plusDays(DAYS_AHEAD)); day = day.plusDays(1)) {
				String name = name(table, day);
				if (!existing.contains(name) && create(table, name, day)) {
					created++;
				}
			}
		}
		return created;
	}

	/**
	 * Drops every daily partition whose whole day lies before {@code cutoff}, for every
	 * table. Rows of the partition that straddles the cutoff stay until their whole day
	 * has passed it (retention is kept to the day).
	 * @return partitions dropped
	 */
	public int dropBefore(Instant cutoff) {
		int dropped = 0;
		for (String table : this.tables) {
			for (String partition : partitions(table)) {
				LocalDate day = day(table, partition);
				if (day != null && !day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff)) {
					ddl("drop table if exists " + partition);
					dropped++;
				}
			}
		}
		if (dropped > 0) {
			log.atInfo().addKeyValue("dropped", dropped).log("audit retention dropped {} daily partitions", dropped);
		}
		return dropped;
	}

	/**
	 * Deletes rows older than {@code cutoff} from the tables' default partitions (rows of
	 * a day without its partition), batch by batch.
	 * @return rows deleted
	 */
	public int purgeDefaults(Instant cutoff, int batch) {
		int total = 0;
		for (String table : this.tables) {
			String defaultPartition = this.jdbc
				.sql("select partdefid::regclass::text from pg_partitioned_table where partrelid = to_regclass(?)")
				.param(table)
				.query(String.class)
				.optional()
				.filter(name -> !"-".equals(name))
				.orElse(null);
			if (defaultPartition == null) {
				continue;
			}
			int deleted;
			do {
				// ctid, not id: works for any table, whatever its key.
				deleted = this.jdbc
					.sql("delete from " + defaultPartition + " where ctid = any(array(select ctid from "
							+ defaultPartition + " where created_at < ? limit ? for update skip locked))")
					.params(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC), batch)
					.update();
				total += deleted;
			}
			while (deleted == batch);
		}
		return total;
	}

	/** The names of a table's partitions (the default one included). */
	List<String> partitions(String table) {
		return this.jdbc.sql("""
				select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
				where i.inhparent = to_regclass(?)
				""").param(table).query(String.class).list();
	}

	private boolean create(String table, String name, LocalDate day) {
		try {
			ddl("create table if not exists " + name + " partition of " + table + " for values from ('" + day
					+ " 00:00:00+00') to ('" + day.plusDays(1) + " 00:00:00+00')", statisticsTargets(table, name));
			return true;
		}
		catch (DataAccessException ex) {
			// Another instance created it first, or the default partition already holds
			// rows of that day (then they stay there and the purge deletes them by age).
			log.warn("Partition {} not created: {}", name, ex.getMostSpecificCause().getClass().getSimpleName());
			return false;
		}
	}

	/**
	 * The parent's per-column statistics targets as DDL for a new partition of it, or
	 * {@code null} when it has none. PostgreSQL gives a new partition the default target
	 * whatever its parent's (an {@code ALTER TABLE} on the parent reaches only the
	 * partitions that exist then), so a busy day's partition would be analysed in full
	 * (V17, DESIGN §15): autovacuum's {@code ANALYZE} of it took a core for seconds in
	 * the benchmark.
	 */
	private String statisticsTargets(String table, String partition) {
		return this.jdbc.sql("""
				select 'alter table ' || quote_ident(?) || ' '
				    || string_agg(format('alter column %I set statistics %s', attname, attstattarget), ', '
				                  order by attnum)
				from pg_attribute
				where attrelid = to_regclass(?) and attnum > 0 and not attisdropped and attstattarget >= 0
				""").params(partition, table).query(String.class).optional().orElse(null);
	}

	/**
	 * Runs DDL statements in one transaction with a short lock timeout: creating or
	 * dropping a partition locks the parent table, and waiting behind a long query would
	 * stall every insert queued behind this one. {@code null} statements are skipped.
	 */
	private void ddl(String... statements) {
		this.transactions.executeWithoutResult(status -> {
			this.jdbc.sql("set local lock_timeout = '2s'").update();
			for (String statement : statements) {
				if (statement != null) {
					this.jdbc.sql(statement).update();
				}
			}
		});
	}

	static String name(String table, LocalDate day) {
		return table + "_p" + SUFFIX.format(day);
	}

	static LocalDate day(String table, String partition) {
		Matcher matcher = Pattern.compile(Pattern.quote(table) + "_p(\\d{8})").matcher(partition);
		return matcher.matches() ? LocalDate.parse(matcher.group(1), SUFFIX) : null;
	}

}
