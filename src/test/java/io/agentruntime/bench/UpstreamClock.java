package io.agentruntime.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side accounting of the simulated upstreams: for each benchmark request id, the
 * intervals (in this JVM's {@link System#nanoTime()}) during which a simulator held one
 * of its calls. The union of those intervals is the upstream time of the request: the two
 * recall searches run in parallel, so their time counts once, and the LLM call after them
 * adds its own.
 */
final class UpstreamClock {

	private final ConcurrentHashMap<Long, List<long[]>> intervals = new ConcurrentHashMap<>();

	/**
	 * Records that a simulator held a call of request {@code id} from {@code start} to
	 * {@code end}.
	 */
	void record(long id, long start, long end) {
		this.intervals.compute(id, (key, list) -> {
			List<long[]> updated = (list != null) ? list : new ArrayList<>(4);
			updated.add(new long[] { start, end });
			return updated;
		});
	}

	/** Removes the intervals of request {@code id} and returns their union. */
	Held take(long id) {
		List<long[]> list = this.intervals.remove(id);
		if (list == null) {
			return new Held(0, 0);
		}
		list.sort(Comparator.comparingLong(interval -> interval[0]));
		long total = 0;
		long currentStart = list.get(0)[0];
		long currentEnd = list.get(0)[1];
		for (int i = 1; i < list.size(); i++) {
			long[] interval = list.get(i);
			if (interval[0] > currentEnd) {
				total += currentEnd - currentStart;
				currentStart = interval[0];
				currentEnd = interval[1];
			}
			else {
				currentEnd = Math.max(currentEnd, interval[1]);
			}
		}
		total += currentEnd - currentStart;
		return new Held(total, list.size());
	}

	/**
	 * The upstream share of one request.
	 *
	 * @param nanos the union of the held intervals
	 * @param calls how many upstream calls the request made (searches and completions)
	 */
	record Held(long nanos, int calls) {
	}

}
