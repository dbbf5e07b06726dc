#!/usr/bin/env bash
# Heap held per reply in flight (issue 15): a fresh instance of JAR on :18584 against a slow LLM fake on :18294
# (LLM_MS, default 45 s, so every reply of the run is still waiting when it is measured), the kit's memory fake
# (:18292) and PostgreSQL (PGPORT, default 55440; `sitting.sh up` first), RATE/s of the mix for SECS s. At AT s:
# the replies waiting on the LLM (its connections) and a class histogram (a full GC: the live heap); after the
# replies end, a second histogram. Prints the live heap per waiting reply and its biggest classes.
# Usage: bench/peers/heap-per-reply.sh JAR [RATE=20] [SECS=40] [AT=39]     (about 2 min; docs/benchmark.md)
set -u
JAR=$1 RATE=${2:-20} SECS=${3:-40} AT=${4:-39}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PEERS=${PEERS:-/tmp/bench16/peers}
J=$(dirname "${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}")
LLM_MS=${LLM_MS:-45000}
D=${OUT:-/tmp/heap-per-reply}/$(basename "$JAR" .jar)-$RATE-$(date +%H%M%S); mkdir -p "$D"
python3 "$PEERS/fakes/llm_fake.py" 18294 --delay-ms "$LLM_MS" --max-calls 1000 --backlog 4096 >"$D/llm.log" 2>&1 &
LLM=$!
# Timeouts above the fake's delay: this measures memory, not the deadline.
env SERVER_PORT=18584 SPRING_FLYWAY_OUT_OF_ORDER=true \
  SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:${PGPORT:-55440}/agentruntime" SPRING_DATASOURCE_USERNAME=postgres \
  SPRING_DATASOURCE_PASSWORD=unused AGENT_LLM_BASE_URL="http://127.0.0.1:18294/v1" AGENT_LLM_API_KEY=sk-fake \
  AGENT_LLM_ATTEMPT_TIMEOUT=$((LLM_MS / 1000 + 10))s AGENT_REPLY_DEADLINE=$((LLM_MS / 1000 + 15))s \
  AGENT_MEMORY_PROVIDER=supermemory AGENT_SUPERMEMORY_BASE_URL="http://127.0.0.1:18292" \
  AGENT_SUPERMEMORY_API_KEY=sm_fake AGENT_SECURITY_PLATFORM_ADMIN_KEY=platform_bench_key_0000000000000000 \
  "$J/java" -Xms512m -Xmx512m -XX:+UseG1GC -Xlog:gc:file="$D/gc.log" -jar "$JAR" >"$D/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 600); do curl -s -o /dev/null --max-time 2 http://127.0.0.1:18584/api/agent/health && break; sleep 0.2; done
( sleep "$AT"
  echo "waiting_on_llm $(ss -Htn state established '( dport = :18294 )' | wc -l)" >"$D/at.txt"
  "$J/jcmd" "$PID" GC.class_histogram >"$D/hist-load.txt" ) &
SNAP=$!
BASE_URL=http://127.0.0.1:18584 KEY=x BODY=x RATE=$RATE MIX=1 MIX_RUN=heap$$ DURATION=$SECS MIX_START=0 \
  JSON_OUT="$D/gen.json" TIMEOUT_MS=$((LLM_MS + 60000)) CONNECTIONS=2000 PEERS=$PEERS node "$HERE/mixloop.mjs" >/dev/null
wait "$SNAP"
sleep 2
"$J/jcmd" "$PID" GC.class_histogram >"$D/hist-idle.txt"
kill "$PID" "$LLM"; wait "$PID" 2>/dev/null
python3 - "$D" <<'PY'
import re, sys
d = sys.argv[1]
def histogram(f):
    r = {}
    for line in open(f):
        m = re.match(r'\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)', line)
        if m: r[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return r
load, idle = histogram(d + '/hist-load.txt'), histogram(d + '/hist-idle.txt')
n = max(int(open(d + '/at.txt').read().split()[1]), 1)
total = lambda h: sum(v[1] for v in h.values())
print(f"live heap {total(load) / 2**20:.1f} MiB with {n} replies waiting, {total(idle) / 2**20:.1f} MiB idle: "
      f"{(total(load) - total(idle)) / n / 1024:.1f} KiB per waiting reply")
for b, c, k in sorted(((load[k][1] - idle.get(k, (0, 0))[1], load[k][0] - idle.get(k, (0, 0))[0], k) for k in load), reverse=True)[:12]:
    print(f"{b / n / 1024:8.2f} KiB {c / n:7.2f} objects  {k}")
PY
echo "$D"
