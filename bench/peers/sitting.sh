#!/usr/bin/env bash
# One benchmark sitting (issue 15): this service and the two peers of the shared bench-peers kit on the
# same out-of-process fakes and the same PostgreSQL, driven by the kit's bench.sh (constant arrival rate),
# the implementations INTERLEAVED (A B C A B C …) and each point repeated, so the medians survive a
# noisy shared machine. pg_stat_statements is loaded; each run's top statements are saved beside it.
#
# Usage: bench/peers/sitting.sh up | seed | run | profile | summary | down
#   up       PostgreSQL (+ pg_stat_statements), LLM fake (800 ms), memory fake (50 ms), the Node seed port,
#            the Spring AI port, and this service's jar in its default configuration (JDK 25, virtual
#            threads, limits on, G1, -Xmx512m)
#   seed     bench/peers/seed.sql into this service's database (tenants, leads, 2 M-row history)
#   run      for each repeat, rate and implementation: bench.sh, CPU per process, pg_stat_statements
#   profile  one JFR recording of this service at PROFILE_RATE and its pg_stat_statements
#   summary  medians per implementation and rate (bench/peers/summary.mjs) into $OUT/summary.md
#   down     stops what 'up' started, by PID file
#
# Env: PEERS (a copy of the bench-peers kit with 'npm ci' done in it and in seed-port/, and
#      springai-port built: mvn -DskipTests package), JAVA (Temurin 25), OUT (report dir),
#      RATES ["100 200"], REPEATS [3], DURATION [20], WARMUP [5], IMPLS ["node springai ours ours-big"],
#      PGPORT [55440], PGBASE [/tmp/bench15/pg], RUN [/tmp/bench15/run], HISTORY [2000000],
#      JAR [target/agent-runtime-*.jar], SERVICE_JVM_ARGS [extra JVM options for this service],
#      BEFORE: an earlier build of this service can be benchmarked as implementation "before": start its jar
#      on port 18680 against database agentruntime_before (seeded with seed.sql) with PID file $RUN/before.pid
#      PRIORITY [-10] nice value of every process of the sitting (root only; 0 to leave them alone)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PEERS=${PEERS:?set PEERS to a prepared copy of the bench-peers kit}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
export PGPORT=${PGPORT:-55440} PGBASE=${PGBASE:-/tmp/bench15/pg} PGDB=seedport
RUN=${RUN:-/tmp/bench15/run}
OUT=${OUT:-$REPO/docs/bench/peers-sitting}
RATES=${RATES:-"100 200"}
REPEATS=${REPEATS:-3}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
IMPLS=${IMPLS:-"node springai ours ours-big"}
HISTORY=${HISTORY:-2000000}
PRIORITY=${PRIORITY:--10}
LLM_PORT=18291 SM_PORT=18292 NODE_PORT=18280 SPRINGAI_PORT=18480 OURS_PORT=18580 BEFORE_PORT=18680
JAR=${JAR:-$(ls "$REPO"/target/agent-runtime-*.jar 2>/dev/null | grep -v plain | head -1)}
mkdir -p "$RUN" "$OUT"
# shellcheck source=/dev/null
source "$PEERS/pg.sh"
PSQL() { pg_psql "$@"; }

alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }
start() { # name cmd...
  local name=$1; shift
  alive "$name" && return 0
  ( setsid "$@" >"$RUN/$name.log" 2>&1 & echo $! >"$RUN/$name.pid" )
}
wait_http() { # url name
  for _ in $(seq 1 600); do
    curl -s -o /dev/null "$1" && return 0
    alive "$2" || break
    sleep 0.2
  done
  echo "sitting: $2 did not come up" >&2; tail -20 "$RUN/$2.log" >&2; return 1
}
stop() {
  if alive "$1"; then
    local pid; pid=$(cat "$RUN/$1.pid"); kill -TERM "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$RUN/$1.pid"
}
pgpid() { head -1 "$PGBASE/data/postmaster.pid"; }

up() {
  pg_start
  if ! PSQL -d postgres -tAc 'show shared_preload_libraries' | grep -q pg_stat_statements; then
    echo "shared_preload_libraries = 'pg_stat_statements'" >>"$PGBASE/data/postgresql.conf"
    pg_stop; pg_start
  fi
  pg_setup >/dev/null
  PSQL -d postgres -c 'create extension if not exists pg_stat_statements'
  PSQL -d postgres -tAc "select 1 from pg_database where datname = 'agentruntime'" | grep -q 1 \
    || PSQL -d postgres -c 'create database agentruntime'
  start llm python3 "$PEERS/fakes/llm_fake.py" "$LLM_PORT" --delay-ms 800 --max-calls 1000
  start sm python3 "$PEERS/fakes/supermemory_fake.py" "$SM_PORT" --delay-ms 50 --write-delay-ms 0 --max-docs 20 \
    --max-requests 1000
  wait_http "http://127.0.0.1:$LLM_PORT/_control/calls" llm
  wait_http "http://127.0.0.1:$SM_PORT/_control/docs" sm
  start node env PORT="$NODE_PORT" DATABASE_URL="$(pg_url)" NODE_ENV=production \
    LLM_BASE_URL="http://127.0.0.1:$LLM_PORT/v1" SUPERMEMORY_BASE_URL="http://127.0.0.1:$SM_PORT" \
    node "$PEERS/seed-port/server/index.js"
  start springai env PORT="$SPRINGAI_PORT" DATABASE_URL="jdbc:postgresql://127.0.0.1:$PGPORT/seedport" \
    LLM_BASE_URL="http://127.0.0.1:$LLM_PORT" SUPERMEMORY_BASE_URL="http://127.0.0.1:$SM_PORT" \
    "$JAVA" -jar "$PEERS/springai-port/target/springai-port.jar"
  # This service as it ships: only what DESIGN §8 says to set, plus the heap of the capacity targets.
  # shellcheck disable=SC2086
  start ours env SERVER_PORT="$OURS_PORT" \
    SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PGPORT/agentruntime" SPRING_DATASOURCE_USERNAME=postgres \
    SPRING_DATASOURCE_PASSWORD=unused AGENT_LLM_BASE_URL="http://127.0.0.1:$LLM_PORT/v1" AGENT_LLM_API_KEY=sk-fake \
    AGENT_MEMORY_PROVIDER=supermemory AGENT_SUPERMEMORY_BASE_URL="http://127.0.0.1:$SM_PORT" \
    AGENT_SUPERMEMORY_API_KEY=sm_fake AGENT_SECURITY_PLATFORM_ADMIN_KEY=platform_bench_key_0000000000000000 \
    "$JAVA" -Xms512m -Xmx512m -XX:+UseG1GC ${SERVICE_JVM_ARGS:-} -jar "$JAR"
  wait_http "http://127.0.0.1:$NODE_PORT/healthz" node
  wait_http "http://127.0.0.1:$SPRINGAI_PORT/healthz" springai
  wait_http "http://127.0.0.1:$OURS_PORT/api/agent/health" ours
  echo "sitting: up (postgres $(pgpid), node $(cat "$RUN/node.pid"), springai $(cat "$RUN/springai.pid"), ours $(cat "$RUN/ours.pid"))"
}

# The machine is shared (other builds and tests run beside the sitting): every process of the sitting, the
# load generator included, runs at nice $PRIORITY (all threads), the same for the three implementations.
renice_all() {
  local p t
  for n in llm sm node springai ours before; do
    alive "$n" || continue
    p=$(cat "$RUN/$n.pid")
    for t in /proc/"$p"/task/*; do renice -n "$PRIORITY" -p "$(basename "$t")" >/dev/null 2>&1 || true; done
  done
  for p in $(pgpid) $(pgrep -P "$(pgpid)"); do renice -n "$PRIORITY" -p "$p" >/dev/null 2>&1 || true; done
}

seed() {
  PSQL -d agentruntime -v history="$HISTORY" -v tenants=200 -v leads=50 -f "$HERE/seed.sql"
}

# name → base URL, key, pid
target() {
  case "$1" in
    node) echo "http://127.0.0.1:$NODE_PORT ark_bench_key $(cat "$RUN/node.pid")" ;;
    springai) echo "http://127.0.0.1:$SPRINGAI_PORT ark_bench_key $(cat "$RUN/springai.pid")" ;;
    ours) echo "http://127.0.0.1:$OURS_PORT ark_bench_empty_0000000000000000000000000000 $(cat "$RUN/ours.pid")" ;;
    ours-big) echo "http://127.0.0.1:$OURS_PORT ark_bench_big_00000000000000000000000000000000 $(cat "$RUN/ours.pid")" ;;
    before) echo "http://127.0.0.1:$BEFORE_PORT ark_bench_empty_0000000000000000000000000000 $(cat "$RUN/before.pid")" ;;
  esac
}

db_of() { case "$1" in ours*) echo agentruntime ;; before) echo agentruntime_before ;; *) echo seedport ;; esac; }

one() { # impl rate tag
  local impl=$1 rate=$2 tag=$3 base key pid
  read -r base key pid <<<"$(target "$impl")"
  PSQL -d postgres -tAc 'select pg_stat_statements_reset()' >/dev/null
  BASE_URL=$base KEY=$key RATE=$rate DURATION=$DURATION WARMUP=$WARMUP OUT_DIR="$OUT/raw" TAG="$tag" \
    WATCH_PIDS="app:$pid postgres:$(pgpid)+ llm:$(cat "$RUN/llm.pid") memory:$(cat "$RUN/sm.pid")" \
    "$PEERS/bench.sh" >"$OUT/raw/$tag.txt" 2>&1 || echo "sitting: $tag failed (see raw/$tag.txt)"
  PSQL -d postgres -c "
    select calls, round(total_exec_time::numeric, 1) as total_ms, round(mean_exec_time::numeric, 3) as mean_ms,
           rows, left(regexp_replace(query, '\s+', ' ', 'g'), 150) as query
    from pg_stat_statements s join pg_database d on d.oid = s.dbid
    where d.datname = '$(db_of "$impl")' order by total_exec_time desc limit 12" >"$OUT/raw/$tag-pgss.txt"
  grep -E 'requests|overhead|cpu' "$OUT/raw/$tag.txt" | sed "s/^/$tag  /"
}

run() {
  mkdir -p "$OUT/raw"
  renice_all
  renice -n "$PRIORITY" -p $$ >/dev/null
  echo "sitting: $(date -u +%FT%TZ) rates=$RATES repeats=$REPEATS duration=${DURATION}s impls=$IMPLS" | tee -a "$OUT/sitting.log"
  for rep in $(seq 1 "$REPEATS"); do
    for rate in $RATES; do
      for impl in $IMPLS; do
        one "$impl" "$rate" "$impl-$rate-r$rep" | tee -a "$OUT/sitting.log"
      done
    done
  done
}

profile() {
  local rate=${PROFILE_RATE:-200} pid; pid=$(cat "$RUN/ours.pid")
  mkdir -p "$OUT/raw"
  "$(dirname "$JAVA")/jcmd" "$pid" JFR.start name=sitting settings=profile >/dev/null
  one ours "$rate" "profile-ours-$rate"
  "$(dirname "$JAVA")/jcmd" "$pid" JFR.stop name=sitting filename="$OUT/raw/profile-ours-$rate.jfr" >/dev/null
  for view in hot-methods gc-pauses allocation-by-site; do
    "$(dirname "$JAVA")/jfr" view --width 160 "$view" "$OUT/raw/profile-ours-$rate.jfr" >"$OUT/profile-ours-$rate-$view.txt" 2>&1 || true
  done
  cp "$OUT/raw/profile-ours-$rate-pgss.txt" "$OUT/profile-ours-$rate-pg_stat_statements.txt"
}

summary() {
  node "$HERE/summary.mjs" "$OUT/raw" | tee "$OUT/summary.md"
}

down() {
  stop ours; stop springai; stop node; stop sm; stop llm; pg_stop
}

[ $# -gt 0 ] || { echo "usage: $0 up|seed|run|profile|summary|down" >&2; exit 2; }
"$@"
