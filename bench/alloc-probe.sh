#!/usr/bin/env bash
# Bytes allocated per reply (issue 15: G1 young pauses are the mix's p99, and the allocation rate per reply
# decides how often they come). Starts this service's jar as it ships (JDK 25, G1, -Xmx512m) against its own
# out-of-process fakes of the bench-peers kit (LLM 800 ms, memory search 50 ms) and a database of its own on
# the kit's PostgreSQL, sends the many-tenant mix (bench/peers/mixloop.mjs, MIX=1) at a LOW rate, and reads
# the JVM's allocated bytes (bench/AllocProbe.java: ThreadMXBean#getTotalThreadAllocatedBytes, which counts
# virtual threads through their carriers) before and after the measured replies. It also measures the same
# span with no load (schedulers, pollers) and subtracts it, and cross-checks with eden: a full GC before the
# measured part, then eden used + old growth after it (valid when no young GC ran in between).
#
# Usage: bench/alloc-probe.sh [run|down]
# Env [defaults]: JAR [target/agent-runtime-*.jar] or BUILD=<worktree>; RATE [20] (keep it low: the machine is
#   shared with benchmark sittings); WARM [60] s of the mix first (JIT), DURATION [30] s measured, IDLE [10] s
#   without load; PGPORT [55440] (started by bench/peers/sitting.sh; if it is down, PGBASE [/tmp/alloc-probe/pg]
#   gets a throw-away one); DB [allocprobe]; PORT [18690], LLM_PORT [18691], SM_PORT [18692];
#   PEERS [/tmp/bench16/peers]; JAVA [Temurin 25]; RUN [/tmp/alloc-probe]; TAG [probe] (conversation ids);
#   JVM_ARGS [extra options of the service]; PROFILE [0]: 1 records JFR allocation samples over the measured part
#   ($RUN/alloc.jfr; small TLABs, so the samples are many: the KB/reply figures of such a run are not comparable)
#   and prints where they come from (bench/alloc-sites.py).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
PEERS=${PEERS:-/tmp/bench16/peers}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
RUN=${RUN:-/tmp/alloc-probe}
RATE=${RATE:-20} WARM=${WARM:-60} DURATION=${DURATION:-30} IDLE=${IDLE:-10}
DB=${DB:-allocprobe} PORT=${PORT:-18690} LLM_PORT=${LLM_PORT:-18691} SM_PORT=${SM_PORT:-18692}
TAG=${TAG:-probe-$(date +%s)}
export PGPORT=${PGPORT:-55440}
mkdir -p "$RUN"
(( RATE <= 20 )) || { echo "alloc-probe: RATE=$RATE; keep it at 20/s or below (a shared machine)" >&2; exit 2; }

alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }
start() { local name=$1; shift; alive "$name" || ( setsid "$@" >"$RUN/$name.log" 2>&1 & echo $! >"$RUN/$name.pid" ); }
stop() {
  if alive "$1"; then
    local pid; pid=$(cat "$RUN/$1.pid"); kill -TERM "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$RUN/$1.pid"
}
wait_http() {
  for _ in $(seq 1 900); do
    curl -s -o /dev/null --max-time 5 "$1" && return 0
    alive "$2" || break
    sleep 0.2
  done
  echo "alloc-probe: $2 did not come up" >&2; tail -20 "$RUN/$2.log" >&2; return 1
}
PSQL() { PGOPTIONS="-c client_min_messages=warning" psql -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -X -q "$@"; }

database() {
  if ! PSQL -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    export PGBASE=${PGBASE:-$RUN/pg}
    # shellcheck source=/dev/null
    source "$PEERS/pg.sh"; pg_start
  fi
  PSQL -d postgres -tAc "select 1 from pg_database where datname = '$DB'" | grep -q 1 \
    || PSQL -d postgres -c "create database $DB"
}

the_jar() {
  if [ -n "${BUILD:-}" ]; then
    (cd "$BUILD" && JAVA_HOME=$(dirname "$(dirname "$JAVA")") ./mvnw -B -ntp -q -o -DskipTests \
      -Dspring-javaformat.validate.skip=true package >"$RUN/build.log" 2>&1) || { tail -30 "$RUN/build.log" >&2; exit 1; }
    JAR=$(ls "$BUILD"/target/agent-runtime-*.jar | grep -v -e plain -e original | head -1)
  fi
  JAR=${JAR:-$(ls "$REPO"/target/agent-runtime-*.jar 2>/dev/null | grep -v -e plain -e original | head -1)}
  [ -f "$JAR" ] || { echo "alloc-probe: no jar: set JAR=… or BUILD=<worktree>" >&2; exit 2; }
  cp "$JAR" "$RUN/agent-runtime.jar"
}

up() {
  database
  start llm python3 "$PEERS/fakes/llm_fake.py" "$LLM_PORT" --delay-ms 800 --max-calls 1000
  start sm python3 "$PEERS/fakes/supermemory_fake.py" "$SM_PORT" --delay-ms 50 --write-delay-ms 0 --max-docs 20 \
    --max-requests 1000
  wait_http "http://127.0.0.1:$LLM_PORT/_control/calls" llm
  wait_http "http://127.0.0.1:$SM_PORT/_control/docs" sm
  stop ours
  start ours env SERVER_PORT="$PORT" SPRING_FLYWAY_OUT_OF_ORDER=true \
    SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PGPORT/$DB" SPRING_DATASOURCE_USERNAME=postgres \
    SPRING_DATASOURCE_PASSWORD=unused AGENT_LLM_BASE_URL="http://127.0.0.1:$LLM_PORT/v1" AGENT_LLM_API_KEY=sk-fake \
    AGENT_MEMORY_PROVIDER=supermemory AGENT_SUPERMEMORY_BASE_URL="http://127.0.0.1:$SM_PORT" \
    AGENT_SUPERMEMORY_API_KEY=sm_fake AGENT_SECURITY_PLATFORM_ADMIN_KEY=platform_probe_key_0000000000000000 \
    "$JAVA" -Xms512m -Xmx512m -XX:+UseG1GC ${JVM_ARGS:-} -jar "$RUN/agent-runtime.jar"
  wait_http "http://127.0.0.1:$PORT/api/agent/health" ours
  PSQL -d "$DB" -tAc "select 1 from api_keys where key_prefix = 'ark_bench'" | grep -q 1 \
    || PSQL -d "$DB" -v history=1 -v tenants=200 -v leads=50 -f "$HERE/peers/seed.sql" >/dev/null
}

probe() { "$JAVA" "$HERE/AllocProbe.java" "$(cat "$RUN/ours.pid")" "$@"; }
field() { sed -E "s/.*\\b$1=([0-9]+).*/\\1/" <<<"$2"; }
gen() { # seconds start json
  BASE_URL="http://127.0.0.1:$PORT" RATE=$RATE MIX=1 MIX_RUN=$TAG DURATION=$1 MIX_START=$2 JSON_OUT=$3 \
    CONNECTIONS=200 PEERS=$PEERS node "$HERE/peers/mixloop.mjs" >/dev/null
}
ok_of() { node -e 'const s=JSON.parse(require("fs").readFileSync(process.argv[1]));console.log(s.ok_2xx, s.sent)' "$1"; }

run() {
  the_jar
  [ "${PROFILE:-0}" = 0 ] || JVM_ARGS="${JVM_ARGS:-} -XX:TLABSize=8k -XX:-ResizeTLAB"
  up
  echo "alloc-probe: $(date -u +%T) warm-up ${WARM}s at ${RATE}/s of the mix" >&2
  gen "$WARM" 0 "$RUN/warm.json"
  sleep 2 # the warm-up's outbox deliveries
  local a b idle0 idle1 ok sent
  idle0=$(probe gc); sleep "$IDLE"; idle1=$(probe)
  a=$(probe gc)
  [ "${PROFILE:-0}" = 0 ] || "$(dirname "$JAVA")/jcmd" "$(cat "$RUN/ours.pid")" JFR.start name=alloc \
    jdk.ObjectAllocationSample#throttle=100000/s >/dev/null
  echo "alloc-probe: $(date -u +%T) measuring ${DURATION}s at ${RATE}/s" >&2
  gen "$DURATION" $(( WARM * RATE )) "$RUN/measure.json"
  sleep 2
  b=$(probe)
  if [ "${PROFILE:-0}" != 0 ]; then
    "$(dirname "$JAVA")/jcmd" "$(cat "$RUN/ours.pid")" JFR.stop name=alloc filename="$RUN/alloc.jfr" >/dev/null
    python3 "$HERE/alloc-sites.py" "$(dirname "$JAVA")/jfr" "$RUN/alloc.jfr" >"$RUN/alloc-sites.txt"
    echo "alloc-probe: allocation sites in $RUN/alloc-sites.txt" >&2
  fi
  read -r ok sent <<<"$(ok_of "$RUN/measure.json")"
  A=$(field allocated "$a") B=$(field allocated "$b") I0=$(field allocated "$idle0") I1=$(field allocated "$idle1") \
  EDEN=$(field eden "$b") OLD0=$(field old "$a") OLD1=$(field old "$b") Y0=$(field young_gcs "$a") Y1=$(field young_gcs "$b") \
  SPAN=$(( DURATION + 2 )) IDLE_S=$IDLE OK=$ok SENT=$sent RATE=$RATE python3 - <<'EOF'
import os
e = {k: int(v) for k, v in os.environ.items() if k in ("A", "B", "I0", "I1", "EDEN", "OLD0", "OLD1", "Y0", "Y1", "SPAN", "IDLE_S", "OK", "SENT", "RATE")}
idle_per_s = (e["I1"] - e["I0"]) / e["IDLE_S"]
gross = e["B"] - e["A"]
net = gross - idle_per_s * e["SPAN"]
print(f"replies ok {e['OK']} of {e['SENT']} at {e['RATE']}/s")
print(f"allocated (ThreadMXBean) {gross / 1e6:.1f} MB; idle {idle_per_s / 1e3:.1f} KB/s")
print(f"KB/reply gross {gross / e['OK'] / 1024:.1f}, net of idle {net / e['OK'] / 1024:.1f}")
if e["Y1"] == e["Y0"]:
    eden = e["EDEN"] + max(0, e["OLD1"] - e["OLD0"])
    print(f"cross-check (eden + old growth, no young GC in between): {eden / e['OK'] / 1024:.1f} KB/reply gross")
else:
    print(f"cross-check skipped: {e['Y1'] - e['Y0']} young GCs during the measured part")
EOF
}

down() { stop ours; stop sm; stop llm; }

case "${1:-run}" in
  run) run ;;
  down) down ;;
  *) echo "usage: bench/alloc-probe.sh [run|down]" >&2; exit 2 ;;
esac
