#!/usr/bin/env python3
"""Where a run's slow replies are: its overhead second by second, lined up with this service's GC pauses.

Usage: bench/peers/by-second.py TRACE [GC_LOG ...]
  TRACE   a run's <run>-gen-trace.tsv (sitting.sh with TRACE=1): due time (epoch ms), latency ms, status, tenant
  GC_LOG  logs of -Xlog:gc*:file=…:time,uptime (SERVICE_JVM_ARGS); their pauses inside the run are listed,
          and the slowest 1 % of replies are checked against them

Prints the run's overhead (latency − FIXED_MS, default 850) p50 / p99 / max, then for each second of the run
(by due time) the replies, p50, p99, max and how many were over 30 ms, then the GC pauses in the run and how
many of the slowest 1 % a pause could have delayed (a pause overlapping the reply's start, the end of its
memory search or its end, each widened by the reply's own overhead).
"""
import collections
import datetime
import os
import re
import sys

FIXED_MS = float(os.environ.get("FIXED_MS", "850"))
PAUSE = re.compile(r"\[(\S+)\]\[\S+\] GC\(\d+\) (Pause.*?) (?:\d+M->\d+M\(\d+M\) )?(\d+\.\d+)ms$")


def pct(values, p):
    return values[min(len(values) - 1, int(len(values) * p))]


def pauses(paths, t0, t1):
    found = []
    for path in paths:
        for line in open(path):
            m = PAUSE.match(line.strip())
            if not m:
                continue
            end = datetime.datetime.fromisoformat(m.group(1).replace("+0000", "+00:00")).timestamp() * 1000
            ms = float(m.group(3))
            if end >= t0 and end - ms <= t1:
                found.append((end - ms, end, ms, m.group(2).strip()))
    return sorted(found)


def main(trace, gc_logs):
    rows = []
    for line in open(trace):
        fields = line.rstrip("\n").split("\t")
        if len(fields) >= 3 and fields[2] == "200":
            rows.append((float(fields[0]), float(fields[1])))
    if not rows:
        sys.exit(f"{trace}: no answered replies")
    t0 = min(due for due, _ in rows)
    t1 = max(due + latency for due, latency in rows)
    overheads = sorted(latency - FIXED_MS for _, latency in rows)
    print(f"{os.path.basename(trace)}: {len(rows)} replies, overhead p50 {pct(overheads, 0.5):.1f} "
          f"p99 {pct(overheads, 0.99):.1f} max {overheads[-1]:.1f} ms")
    per_second = collections.defaultdict(list)
    for due, latency in rows:
        per_second[int((due - t0) / 1000)].append(latency - FIXED_MS)
    print("second  replies  p50  p99  max  over-30-ms")
    for second in sorted(per_second):
        v = sorted(per_second[second])
        print(f"{second:6d} {len(v):8d} {pct(v, 0.5):5.1f} {pct(v, 0.99):6.1f} {v[-1]:6.1f} {sum(x > 30 for x in v):6d}")
    if not gc_logs:
        return
    found = pauses(gc_logs, t0, t1)
    for start, _, ms, kind in found:
        print(f"GC pause at second {(start - t0) / 1000:6.2f}: {ms:6.1f} ms {kind}")

    def delayed(due, latency):
        own = max(latency - FIXED_MS, 1)
        windows = ((due, due + own), (due + 50, due + 50 + own), (due + latency - own, due + latency))
        return any(s <= w1 and e >= w0 for s, e, _, _ in found for w0, w1 in windows)

    threshold = pct(overheads, 0.99)
    slow = [(due, latency) for due, latency in rows if latency - FIXED_MS >= threshold]
    print(f"GC pauses: {len(found)}, {sum(p[2] for p in found):.0f} ms; of the slowest 1 % ({len(slow)} replies) "
          f"{sum(delayed(*r) for r in slow)} could have waited on one; all replies that could: "
          f"{sum(delayed(*r) for r in rows)}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
