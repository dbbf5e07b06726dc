#!/usr/bin/env python3
"""Each second's p99 overhead of mix runs, marked with the turn the mix is serving then (issue 15, session 18).

Usage: bench/peers/by-turn.py TRACE [TRACE ...]
  TRACE  a mix run's <run>-gen-trace.tsv (sitting.sh with TRACE=1): due time (epoch ms), latency ms, status, tenant

mixloop.mjs serves ACTIVE (1,000) conversation slots round robin, TURNS (4) messages each, so request n is turn
floor(n / ACTIVE) mod TURNS: at 200/s the workload changes every 5 s, first turns (new conversations, leads not
seen for a while) then second, third and fourth. The measured part starts at request WARMUP x rate (15 s).
Prints per run one cell per second, "<turn>:<p99 ms>", starred over SLOW_MS (60): where a run's slow seconds
fall against the phase boundaries. Turns are counted from 0.
"""
import collections
import os
import sys

FIXED_MS = float(os.environ.get("FIXED_MS", "850"))
WARMUP_S = int(os.environ.get("WARMUP", "15"))
ACTIVE = int(os.environ.get("ACTIVE", "1000"))
TURNS = int(os.environ.get("TURNS", "4"))
DURATION_S = int(os.environ.get("DURATION", "20"))
SLOW_MS = float(os.environ.get("SLOW_MS", "60"))


def main(traces):
    for trace in traces:
        rows = [line.rstrip("\n").split("\t") for line in open(trace) if line[:1].isdigit()]
        if not rows:
            continue
        t0 = min(float(r[0]) for r in rows)
        rate = round(len(rows) / DURATION_S)
        per_second = collections.defaultdict(list)
        for r in rows:
            per_second[int((float(r[0]) - t0) // 1000)].append(float(r[1]) - FIXED_MS)
        cells = []
        for second in sorted(per_second):
            n = (WARMUP_S + second) * rate
            values = sorted(per_second[second])
            p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
            cells.append(f"{(n // ACTIVE) % TURNS}:{p99:.0f}" + ("*" if p99 > SLOW_MS else ""))
        print(os.path.basename(trace).replace("-gen-trace.tsv", ""), " ".join(cells))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
