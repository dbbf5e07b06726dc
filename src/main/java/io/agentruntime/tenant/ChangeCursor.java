package io.agentruntime.tenant;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Where this instance is in the tenant change feed, and which of the rows it read are
 * new. Pure: {@link TenantChanges} feeds it what one poll statement returned.
 *
 * <p>
 * A sequence number is taken when a change is written, not when it commits, so a poll can
 * see number 11 before number 10 of a transaction still running. Reading "after the
 * highest number seen" would then miss 10 for good. The cursor therefore keeps every
 * number it has not seen below the highest one (a gap) until PostgreSQL proves that the
 * transaction that could hold it has ended: the gap's transaction had its id before the
 * poll that noticed the gap, so once a later poll's snapshot has no transaction older
 * than that poll's {@code xmax} running, a gap still unseen was rolled back. Polls read
 * from just below the oldest open gap.
 */
final class ChangeCursor {

	private long low;

	private final Set<Long> seen = new HashSet<>();

	/** Unseen numbers, with the {@code xmax} of the poll that first missed each. */
	private final Map<Long, Long> gaps = new HashMap<>();

	ChangeCursor(long start) {
		this.low = start;
	}

	/** Polls read the rows with a higher number than this one. */
	long readAfter() {
		return this.low;
	}

	/**
	 * Takes what one poll read.
	 * @param rows the rows numbered above {@link #readAfter()}, in any order
	 * @param snapshotXmin the oldest transaction still running when the poll read them
	 * @param snapshotXmax the first transaction id not yet assigned then
	 * @return the tenants of the rows this cursor had not seen, in the order read
	 */
	Set<UUID> advance(List<Change> rows, long snapshotXmin, long snapshotXmax) {
		Set<UUID> changed = new LinkedHashSet<>();
		long highest = this.low;
		for (Change row : rows) {
			if (row.seq() > this.low && this.seen.add(row.seq())) {
				changed.add(row.clientId());
				this.gaps.remove(row.seq());
			}
			highest = Math.max(highest, row.seq());
		}
		for (long seq = this.low + 1; seq < highest; seq++) {
			if (!this.seen.contains(seq)) {
				this.gaps.putIfAbsent(seq, snapshotXmax);
			}
		}
		this.gaps.values().removeIf(horizon -> horizon <= snapshotXmin);
		long next = this.gaps.isEmpty() ? Math.max(highest, this.low)
				: this.gaps.keySet().stream().mapToLong(Long::longValue).min().getAsLong() - 1;
		this.low = Math.max(this.low, next);
		this.seen.removeIf(seq -> seq <= this.low);
		return changed;
	}

	/** Numbers below the highest seen that may still show up. */
	Set<Long> openGaps() {
		return Set.copyOf(this.gaps.keySet());
	}

	/** One row of the feed. */
	record Change(long seq, UUID clientId) {
	}

}
