#!/usr/bin/env python3
"""Where the allocation samples of a JFR recording come from (bench/alloc-probe.sh PROFILE=1).

Usage: alloc-sites.py JFR_TOOL RECORDING. Counts jdk.ObjectAllocationSample events (JFR's weights are skewed on
virtual threads, so each sample counts as one, and with small fixed TLABs a sample stands for about the same bytes)
three ways: by allocated class, by the allocating frame (top frame), and by the first frame of this service
(io.agentruntime) on the stack with the frame above it (the library call it made)."""
import collections, json, subprocess, sys

tool, recording = sys.argv[1], sys.argv[2]
out = subprocess.run([tool, "print", "--json", "--stack-depth", "96", "--events", "jdk.ObjectAllocationSample",
                      recording], capture_output=True, text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]


def name(frame):
    m = frame["method"]
    return f'{m["type"]["name"]}.{m["name"]}'


by_class, by_top, by_ours = collections.Counter(), collections.Counter(), collections.Counter()
for e in events:
    v = e["values"]
    by_class[v["objectClass"]["name"]] += 1
    frames = (v.get("stackTrace") or {}).get("frames") or []
    if not frames:
        continue
    by_top[name(frames[0])] += 1
    for i, f in enumerate(frames):
        if name(f).startswith("io.agentruntime."):
            callee = name(frames[i - 1]) if i > 0 else "(itself)"
            by_ours[f"{name(f)}:{f.get('lineNumber')} -> {callee}"] += 1
            break
    else:
        by_ours["(no io.agentruntime frame) " + name(frames[-1])] += 1

total = len(events)
print(f"{total} allocation samples")
for title, counter, n in (("by first io.agentruntime frame -> its callee", by_ours, 45),
                          ("by allocating frame", by_top, 30), ("by class", by_class, 20)):
    print(f"\n## {title}")
    for key, count in counter.most_common(n):
        print(f"{100 * count / total:5.1f}%  {count:6d}  {key}")
