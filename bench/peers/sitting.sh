#!/usr/bin/env bash
# One benchmark sitting (issue 15): this service and the two peers of the shared bench-peers kit on the same
# out-of-process fakes (LLM 800 ms, memory search 50 ms) and the same PostgreSQL, driven at a constant arrival
# rate by mixloop.mjs (the kit's openloop.mjs timing, plus the many-tenant mix), the implementations
# interleaved. Every mode writes its raw output and a markdown summary under $OUT/<mode>/.
#
# Usage: bench/peers/sitting.sh COMMAND      (docs/benchmark.md "How to run a sitting")
#   prepare     up + seed (once, before the sitting; the 2 M-row history takes a few minutes)
#   up          PostgreSQL (+ pg_stat_statements), both fakes, the Node port, the Spring AI port and this
#               service's jar (JAR=… or BUILD=<worktree>) as it ships: JDK 25, JAVA_GC, JAVA_HEAP, limits on.
#               A running service whose jar differs (by its bytes) is restarted with the new one.
#   seed        bench/peers/seed.sql into this service's database, seed-peers.sql into the peers' (idempotent)
#   all         warm, repeats, mix, saturation, profile, inflight, then $OUT/SUMMARY.md   (about 27 min)
#   warm        each implementation WARM_S s at 100/s of the mix, not measured (JIT)          (about 1.7 min)
#   repeats     REPEATS × RATES × IMPLS on one busy tenant (ours = empty tenant, ours-big = 2 M rows),
#               the order reversed every other repeat                                      (about 13.5 min)
#   mix         the 200 × 50 many-tenant mix at MIX_RATES for MIX_IMPLS, MIX_REPEATS times   (about 3.4 min)
#   saturation  SAT_RATES ascending, all implementations at each rate, each stops after its first rate with
#               p99 overhead > SAT_P99_MS or any failed request; prints each one's saturation rate (5–7 min,
#               at most 12; 225/s since session 15: both JVMs passed 200/s and failed 250/s)
#   profile     JFR (from the warm-up) + pg_stat_statements of this service at PROFILE_RATE (mix), per reply (about 1 min)
#   inflight    2,000 replies in flight with heap ≤ 512 MiB: the LLM fake answering after INFLIGHT_LLM_MS,
#               INFLIGHT_RATE/s of the mix on this service's instance (INFLIGHT_INSTANCE)     (about 1 min)
#   summary     (re)writes every mode's summary.md and $OUT/SUMMARY.md from the raw files
#   status | down
#
# Env [defaults]: PEERS [/tmp/bench16/peers] a copy of the kit with 'npm ci' done in it and in seed-port/ and
#   springai-port built; JAR [$RUN/agent-runtime.jar, else target/agent-runtime-*.jar] or BUILD [unset] a
#   worktree to build the jar from (./mvnw -o -DskipTests package); JAVA [Temurin 25]; OUT [/tmp/bench16/out];
#   RUN [/tmp/bench16/run]; PGBASE [/tmp/bench16/pg]; PGPORT [55440]; HISTORY [2000000];
#   RATES ["100 200"] REPEATS [3] WARMUP [10] DURATION [20] IMPLS ["node springai ours ours-big"];
#   MIX_RATES ["100 200"] MIX_REPEATS [1] MIX_IMPLS ["node springai ours"]; WARM_S [30] WARM_RATE [100];
#   SAT_RATES ["100 150 200 225 250 300 350"] SAT_P99_MS [100] SAT_WARMUP [5] SAT_DURATION [15] SAT_COOL [5]
#   SAT_WORKLOAD [mix|single] SAT_IMPLS ["node springai ours"]; PROFILE_RATE [100] PROFILE_WORKLOAD [mix];
#   INFLIGHT_RATE [150] INFLIGHT_LLM_MS [13300] INFLIGHT_WARMUP [10] INFLIGHT_DURATION [25] INFLIGHT_GC_AT [20];
#   INFLIGHT_INSTANCE [main] the sitting's warm instance, or fresh: a second instance on a second LLM fake;
#   INFLIGHT_PREWARM_S [0] s at INFLIGHT_PREWARM_RATE [50]/s first (the first benchmark's ramp), 0 = the fresh instance at once;
#   the mix: TENANTS [200] LEADS [50] ACTIVE [1000] TURNS [4] (mixloop.mjs); SINGLE_CONVERSATIONS [0]: N sends the
#   one-tenant runs to conversations conv-1 … conv-N in turn (the big tenant's seeded ones, with history);
#   PRIORITY [-10] nice value of every process of the sitting, the generator included (root; 0 = leave them);
#   CONTINUOUS [1]: a run's warm-up and measured part are one generator process, no pause between them
#   (0 = two processes, the warm-up's requests all answered before the measured part starts, as before
#   session 12); JAVA_HEAP ["-Xms512m -Xmx512m"] the heap of both JVMs, this service's and the Spring AI port's
#   (equal footing since session 13; before, the Spring AI port ran with the JVM's default heap, a quarter of
#   the machine's memory); JAVA_GC ["-XX:+UseG1GC -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=30"]
#   the collector options of both JVMs, this service's image's since session 16 (G1's adaptive marking threshold
#   started a marking cycle every 30–150 s; 45 % marked too late with 2,000 replies in flight; docs/benchmark.md);
#   SETTLE_PCT [30] SETTLE_MAX_S [60]: before each run, wait at most SETTLE_MAX_S s until the
#   machine used less than SETTLE_PCT % of a core over one second (work left over from the run before);
#   SERVICE_JVM_ARGS [extra JVM options for this service]; TRACE [unset] 1 = each run also writes
#   <run>-gen-trace.tsv: one line per answered request (due time epoch ms, latency ms, status, tenant).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PEERS=${PEERS:-/tmp/bench16/peers}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JDK_BIN=$(dirname "$JAVA")
export PGPORT=${PGPORT:-55440} PGBASE=${PGBASE:-/tmp/bench16/pg} PGDB=seedport
RUN=${RUN:-/tmp/bench16/run}
OUT=${OUT:-/tmp/bench16/out}
RATES=${RATES:-"100 200"}
REPEATS=${REPEATS:-3}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-20}
IMPLS=${IMPLS:-"node springai ours ours-big"}
MIX_RATES=${MIX_RATES:-"100 200"}
MIX_REPEATS=${MIX_REPEATS:-1}
MIX_IMPLS=${MIX_IMPLS:-"node springai ours"}
WARM_S=${WARM_S:-30}
WARM_RATE=${WARM_RATE:-100}
SAT_RATES=${SAT_RATES:-"100 150 200 225 250 300 350"}
SAT_P99_MS=${SAT_P99_MS:-100}
SAT_WARMUP=${SAT_WARMUP:-5}
SAT_DURATION=${SAT_DURATION:-15}
SAT_COOL=${SAT_COOL:-5}
SAT_WORKLOAD=${SAT_WORKLOAD:-mix}
SAT_IMPLS=${SAT_IMPLS:-"node springai ours"}
PROFILE_RATE=${PROFILE_RATE:-100}
PROFILE_WORKLOAD=${PROFILE_WORKLOAD:-mix}
INFLIGHT_RATE=${INFLIGHT_RATE:-150}
INFLIGHT_LLM_MS=${INFLIGHT_LLM_MS:-13300}
INFLIGHT_DURATION=${INFLIGHT_DURATION:-25}
INFLIGHT_WARMUP=${INFLIGHT_WARMUP:-10}
INFLIGHT_GC_AT=${INFLIGHT_GC_AT:-20}
INFLIGHT_PREWARM_S=${INFLIGHT_PREWARM_S:-0}
INFLIGHT_PREWARM_RATE=${INFLIGHT_PREWARM_RATE:-50}
HISTORY=${HISTORY:-2000000}
PRIORITY=${PRIORITY:--10}
JAVA_HEAP=${JAVA_HEAP:-"-Xms512m -Xmx512m"}
JAVA_GC=${JAVA_GC:-"-XX:+UseG1GC -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=30"}
SETTLE_PCT=${SETTLE_PCT:-30}
SETTLE_MAX_S=${SETTLE_MAX_S:-60}
LLM_MS=800 MEM_MS=50
LLM_PORT=18291 SM_PORT=18292 SLOW_LLM_PORT=18293 NODE_PORT=18280 SPRINGAI_PORT=18480 OURS_PORT=18580 INFLIGHT_PORT=18582
# The single busy tenant's message names no conversation: the peers ignore conversations, and one conversation
# taking every request would queue on its row in this service (docs/benchmark.md).
SINGLE_BODY='{"message":"Is the red F-150 still available?","leadId":"22222222-2222-4222-8222-222222222222"}'
mkdir -p "$RUN" "$OUT"
# inflight holds 2,000 sockets in the generator, the fakes and this service (the JVM raises its own limit)
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge 8192 ] || ulimit -n 8192 2>/dev/null \
  || echo "sitting: ulimit -n is $(ulimit -n); 'inflight' needs more than 2,000 open files" >&2
[ -f "$PEERS/pg.sh" ] || { echo "sitting: PEERS=$PEERS is not a copy of the bench-peers kit" >&2; exit 2; }
# shellcheck source=/dev/null
source "$PEERS/pg.sh"
PSQL() { pg_psql "$@"; }
log() { echo "sitting: $(date -u +%T) $*" | tee -a "$OUT/sitting.log" >&2; }

alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }
start() { # name cmd...
  local name=$1; shift
  alive "$name" && return 0
  # TRACE and DEBUG are the harness's own: a Spring Boot service reads them as `trace=true` / `debug=true` and logs
  # at TRACE / DEBUG (in session 12 and 13 the in-flight instance, started inside `TRACE=1 … all`, did).
  ( setsid env -u TRACE -u DEBUG "$@" >"$RUN/$name.log" 2>&1 & echo $! >"$RUN/$name.pid" )
}
wait_http() { # url name
  for _ in $(seq 1 1500); do # 5 min: a JVM starts in 15 s on a quiet machine, in minutes beside builds
    curl -s -o /dev/null --max-time 5 "$1" && return 0
    alive "$2" || break
    sleep 0.2
  done
  echo "sitting: $2 did not come up" >&2; tail -20 "$RUN/$2.log" >&2; return 1
}
stop() {
  if alive "$1"; then
    local pid; pid=$(cat "$RUN/$1.pid"); kill -TERM "$pid"
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$RUN/$1.pid"
}
pgpid() { head -1 "$PGBASE/data/postmaster.pid"; }

# The jar of this service: BUILD=<worktree> builds it there; JAR=<path> takes it as is. Copied to $RUN so a
# rebuild in the worktree cannot change it under a running sitting.
the_jar() {
  if [ -n "${BUILD:-}" ]; then
    log "building $BUILD ($(git -C "$BUILD" log -1 --format='%h %s' 2>/dev/null || echo '?'))"
    (cd "$BUILD" && JAVA_HOME=$(dirname "$JDK_BIN") ./mvnw -B -ntp -q -o -DskipTests -Dspring-javaformat.validate.skip=true package \
      >"$RUN/build.log" 2>&1) \
      || { tail -30 "$RUN/build.log" >&2; exit 1; }
    JAR=$(ls "$BUILD"/target/agent-runtime-*.jar | grep -v -e plain -e original | head -1)
    echo "$BUILD $(git -C "$BUILD" rev-parse HEAD 2>/dev/null || echo '?')" >"$RUN/agent-runtime.source"
  fi
  if [ -n "${JAR:-}" ]; then
    [ -f "$JAR" ] || { echo "sitting: JAR=$JAR does not exist" >&2; exit 2; }
    cmp -s "$JAR" "$RUN/agent-runtime.jar" || cp "$JAR" "$RUN/agent-runtime.jar"
    [ -n "${BUILD:-}" ] || echo "$JAR" >"$RUN/agent-runtime.source"
  elif [ ! -f "$RUN/agent-runtime.jar" ]; then
    JAR=$(ls "$REPO"/target/agent-runtime-*.jar 2>/dev/null | grep -v -e plain -e original | head -1)
    [ -n "$JAR" ] || { echo "sitting: no jar: set JAR=… or BUILD=<worktree>" >&2; exit 2; }
    cp "$JAR" "$RUN/agent-runtime.jar"; echo "$JAR" >"$RUN/agent-runtime.source"
  fi
  echo "$RUN/agent-runtime.jar"
}

start_ours() { # name port llm-port extra-jvm-args...
  local name=$1 port=$2 llm=$3; shift 3
  # This service as it ships: only what DESIGN §8 says to set, plus the heap of the capacity targets. Flyway
  # out of order: the bench database outlives merges, and a merged branch may bring a lower migration version.
  # shellcheck disable=SC2086
  start "$name" env SERVER_PORT="$port" SPRING_FLYWAY_OUT_OF_ORDER=true \
    SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PGPORT/agentruntime" SPRING_DATASOURCE_USERNAME=postgres \
    SPRING_DATASOURCE_PASSWORD=unused AGENT_LLM_BASE_URL="http://127.0.0.1:$llm/v1" AGENT_LLM_API_KEY=sk-fake \
    AGENT_MEMORY_PROVIDER=supermemory AGENT_SUPERMEMORY_BASE_URL="http://127.0.0.1:$SM_PORT" \
    AGENT_SUPERMEMORY_API_KEY=sm_fake AGENT_SECURITY_PLATFORM_ADMIN_KEY=platform_bench_key_0000000000000000 \
    "$JAVA" $JAVA_HEAP $JAVA_GC "$@" ${SERVICE_JVM_ARGS:-} -jar "$RUN/agent-runtime.jar"
}

up() {
  local jar; jar=$(the_jar)
  pg_start
  if ! PSQL -d postgres -tAc 'show shared_preload_libraries' | grep -q pg_stat_statements; then
    echo "shared_preload_libraries = 'pg_stat_statements'" >>"$PGBASE/data/postgresql.conf"
    pg_stop; pg_start
  fi
  pg_setup >/dev/null
  PSQL -d postgres -c 'create extension if not exists pg_stat_statements'
  PSQL -d postgres -tAc "select 1 from pg_database where datname = 'agentruntime'" | grep -q 1 \
    || PSQL -d postgres -c 'create database agentruntime'
  start llm python3 "$PEERS/fakes/llm_fake.py" "$LLM_PORT" --delay-ms "$LLM_MS" --max-calls 1000
  start sm python3 "$PEERS/fakes/supermemory_fake.py" "$SM_PORT" --delay-ms "$MEM_MS" --write-delay-ms 0 --max-docs 20 \
    --max-requests 1000
  wait_http "http://127.0.0.1:$LLM_PORT/_control/calls" llm
  wait_http "http://127.0.0.1:$SM_PORT/_control/docs" sm
  start node env PORT="$NODE_PORT" DATABASE_URL="$(pg_url)" NODE_ENV=production \
    LLM_BASE_URL="http://127.0.0.1:$LLM_PORT/v1" SUPERMEMORY_BASE_URL="http://127.0.0.1:$SM_PORT" \
    node "$PEERS/seed-port/server/index.js"
  start springai env PORT="$SPRINGAI_PORT" DATABASE_URL="jdbc:postgresql://127.0.0.1:$PGPORT/seedport" \
    LLM_BASE_URL="http://127.0.0.1:$LLM_PORT" SUPERMEMORY_BASE_URL="http://127.0.0.1:$SM_PORT" \
    "$JAVA" $JAVA_HEAP $JAVA_GC -jar "$PEERS/springai-port/target/springai-port.jar"
  if alive ours && [ "$(cat "$RUN/ours.jar-sum" 2>/dev/null)" != "$(sha256sum <"$jar")" ]; then
    log "this service runs another jar: restarting it"; stop ours
  fi
  alive ours || sha256sum <"$jar" >"$RUN/ours.jar-sum"
  start_ours ours "$OURS_PORT" "$LLM_PORT"
  wait_http "http://127.0.0.1:$NODE_PORT/healthz" node
  wait_http "http://127.0.0.1:$SPRINGAI_PORT/healthz" springai
  wait_http "http://127.0.0.1:$OURS_PORT/api/agent/health" ours
  log "up: postgres $(pgpid), node $(cat "$RUN/node.pid"), springai $(cat "$RUN/springai.pid"), ours $(cat "$RUN/ours.pid") ($(cat "$RUN/agent-runtime.source"))"
}

seed() {
  alive ours || { echo "sitting: run 'up' first (this service's migrations create its tables)" >&2; exit 1; }
  PSQL -d agentruntime -v history="$HISTORY" -v tenants="${TENANTS:-200}" -v leads="${LEADS:-50}" -f "$HERE/seed.sql"
  PSQL -d seedport -v tenants="${TENANTS:-200}" -v leads="${LEADS:-50}" -f "$HERE/seed-peers.sql"
}

prepare() { up; seed; }

status() {
  local n
  for n in llm sm node springai ours llm-slow ours-inflight; do
    if alive "$n"; then echo "$n running (pid $(cat "$RUN/$n.pid"))"; else echo "$n stopped"; fi
  done
  if pg_status; then echo "postgres running (pid $(pgpid))"; else echo "postgres stopped"; fi
  [ -f "$RUN/agent-runtime.source" ] && echo "this service's jar: $(cat "$RUN/agent-runtime.source")"
  uptime
}

# The machine is shared (other builds and tests may run beside the sitting): every process of the sitting, the
# load generator included, runs at nice $PRIORITY (all threads), the same for the three implementations.
renice_all() {
  local p t n
  [ "$PRIORITY" != 0 ] || return 0
  for n in llm sm node springai ours llm-slow ours-inflight; do
    alive "$n" || continue
    p=$(cat "$RUN/$n.pid")
    for t in /proc/"$p"/task/*; do renice -n "$PRIORITY" -p "$(basename "$t")" >/dev/null 2>&1 || true; done
  done
  for p in $(pgpid) $(pgrep -P "$(pgpid)"); do renice -n "$PRIORITY" -p "$p" >/dev/null 2>&1 || true; done
  renice -n "$PRIORITY" -p $$ >/dev/null 2>&1 || true
}

# Every mode starts here: the priorities, and which jar of this service the results in $OUT come from.
begin() {
  renice_all
  local src; src="$(cat "$RUN/agent-runtime.source" 2>/dev/null || echo '?') (jar sha256 $(sha256sum <"$RUN/agent-runtime.jar" | cut -c1-12))"
  grep -qxF "$src" "$OUT/jar.txt" 2>/dev/null || echo "$src" >>"$OUT/jar.txt"
}

# name → base URL, key, pid
target() {
  case "$1" in
    node) echo "http://127.0.0.1:$NODE_PORT ark_bench_key $(cat "$RUN/node.pid")" ;;
    springai) echo "http://127.0.0.1:$SPRINGAI_PORT ark_bench_key $(cat "$RUN/springai.pid")" ;;
    ours) echo "http://127.0.0.1:$OURS_PORT ark_bench_empty_0000000000000000000000000000 $(cat "$RUN/ours.pid")" ;;
    ours-big) echo "http://127.0.0.1:$OURS_PORT ark_bench_big_00000000000000000000000000000000 $(cat "$RUN/ours.pid")" ;;
    ours-inflight) echo "http://127.0.0.1:$INFLIGHT_PORT - $(cat "$RUN/ours-inflight.pid")" ;;
    *) echo "sitting: unknown implementation $1" >&2; exit 2 ;;
  esac
}
db_of() { case "$1" in ours*) echo agentruntime ;; *) echo seedport ;; esac; }

# The top statements of one run (pg_stat_statements is reset right before its measured part).
pgss() { # impl ok-replies outfile
  local ok=$(( $2 > 0 ? $2 : 1 ))
  PSQL -d postgres -c "
    select calls, round(calls::numeric / $ok, 2) as per_reply, round(total_exec_time::numeric, 1) as total_ms,
           round((total_exec_time / $ok)::numeric, 3) as ms_per_reply, round(mean_exec_time::numeric, 3) as mean_ms,
           rows, left(regexp_replace(query, '\s+', ' ', 'g'), 160) as query
    from pg_stat_statements s join pg_database d on d.oid = s.dbid
    where d.datname = '$(db_of "$1")' order by total_exec_time desc limit ${PGSS_TOP:-12}" >"$3"
}

# One run: preflight, WARMUP s at the rate (not counted), then DURATION s measured with CPU per process, then
# the kit's report.mjs (overhead = latency - fixed upstream delays) and the run's top statements.
# Args: impl rate dir tag workload(single|mix) [warmup duration fixed_ms]
load() {
  local impl=$1 rate=$2 dir=$3 tag=$4
  mkdir -p "$dir/raw"
  if run_one "$@" >"$dir/raw/$tag.txt" 2>&1; then
    grep -E '^(requests|overhead|cpu)' "$dir/raw/$tag.txt" | sed "s/^/$tag  /" | tee -a "$OUT/sitting.log"
  else
    log "$tag FAILED: $(tail -1 "$dir/raw/$tag.txt")"; return 1
  fi
}

gen() { # base key rate mix tag seconds start json
  BASE_URL=$1 KEY=$2 BODY=$SINGLE_BODY RATE=$3 MIX=$4 MIX_RUN=$5 DURATION=$6 MIX_START=$7 JSON_OUT=$8 \
    CONNECTIONS=${CONNECTIONS:-2000} SINGLE_CONVERSATIONS=${SINGLE_CONVERSATIONS:-0} PEERS=$PEERS \
    TRACE_OUT=${TRACE:+${8%.json}-trace.tsv} WARMUP_S=${WARMUP_S:-0} MARK_FILE=${MARK_FILE:-} \
    node "$HERE/mixloop.mjs" >/dev/null
}

# The CPU watch (bench/peers/cpuwatch.mjs) of one run, in the background; its pid in CPUWATCH_PID.
cpuwatch() { # app-pid llm-fake-name generator-pid out.json
  node "$HERE/cpuwatch.mjs" "app:$1" "postgres:$(pgpid)+" "llm:$(cat "$RUN/$2.pid")" \
    "memory:$(cat "$RUN/sm.pid")" "loadgen:$3+" >"$4" &
  CPUWATCH_PID=$!
}

run_one() {
  local impl=$1 rate=$2 dir=$3 tag=$4 workload=$5 warm=${6:-$WARMUP} dur=${7:-$DURATION} fixed=${8:-$((LLM_MS + MEM_MS))}
  local base key pid mix=0 pkey pbody code ok raw="$3/raw/$4" llm=llm
  read -r base key pid <<<"$(target "$impl")"
  [ "$workload" = mix ] && mix=1
  [ "$impl" = ours-inflight ] && llm=llm-slow
  settle
  echo "== $tag: $impl $workload rate=$rate/s warmup=${warm}s duration=${dur}s ($(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg))"
  if [ $mix = 1 ]; then
    read -r _ pkey pbody <<<"$(MIX_RUN="$tag-preflight" node "$HERE/mixloop.mjs" --print 1 | tr '\t' ' ')"
  else
    pkey=$key pbody=$SINGLE_BODY
  fi
  code=$(curl -s -o "$raw-preflight.json" -w '%{http_code}' --max-time 30 -X POST "$base/api/agent/reply" \
    -H "Authorization: Bearer $pkey" -H 'Content-Type: application/json' --data-binary "$pbody" || true)
  [ "$code" = 200 ] || { echo "preflight HTTP $code: $(head -c 300 "$raw-preflight.json" 2>/dev/null)"; return 1; }
  echo "preflight 200 $(head -c 160 "$raw-preflight.json")"
  local gen_pid cpu_pid
  if [ "${CONTINUOUS:-1}" = 1 ] && [ "$warm" != 0 ]; then
    # One generator: the warm-up, then at once the measured part on the same connections (no pause, no new
    # process opening hundreds of connections as the measured part begins; session 12 saw that burst start
    # stalls). Nothing starts a process as the measured part begins either (session 15: the first second was
    # the slowest of every run while a psql and a node process started then): the CPU watch runs from the
    # warm-up and is told to start its window again, and the statement counters are reset through a psql
    # opened before the warm-up.
    rm -f "$raw-measuring"
    coproc PGSS { PSQL -d postgres -tA >/dev/null; }
    [ -z "${PRE_WARM:-}" ] || "$PRE_WARM"
    WARMUP_S=$warm MARK_FILE="$raw-measuring" gen "$base" "$key" "$rate" "$mix" "$tag" "$dur" 0 "$raw-gen.json" &
    gen_pid=$!
    cpuwatch "$pid" "$llm" "$gen_pid" "$raw-cpu.json"
    cpu_pid=$CPUWATCH_PID
    while [ ! -e "$raw-measuring" ] && kill -0 "$gen_pid" 2>/dev/null; do sleep 0.05; done
    kill -USR1 "$cpu_pid"
    echo 'select pg_stat_statements_reset();' >&"${PGSS[1]}"
    eval "exec ${PGSS[1]}>&-"
    rm -f "$raw-measuring"
    [ -z "${PRE_MEASURE:-}" ] || "$PRE_MEASURE"
  else
    [ -z "${PRE_WARM:-}" ] || "$PRE_WARM"
    [ "$warm" = 0 ] || gen "$base" "$key" "$rate" "$mix" "$tag" "$warm" 0 "$raw-warmup.json" || return 1
    PSQL -d postgres -tAc 'select pg_stat_statements_reset()' >/dev/null
    [ -z "${PRE_MEASURE:-}" ] || "$PRE_MEASURE"
    gen "$base" "$key" "$rate" "$mix" "$tag" "$dur" $(( warm * rate )) "$raw-gen.json" &
    gen_pid=$!
    cpuwatch "$pid" "$llm" "$gen_pid" "$raw-cpu.json"
    cpu_pid=$CPUWATCH_PID
  fi
  [ -z "${DURING_MEASURE:-}" ] || "$DURING_MEASURE" "$gen_pid"
  local gen_rc=0
  wait "$gen_pid" || gen_rc=$?
  kill -TERM "$cpu_pid"; wait "$cpu_pid" || true
  [ -z "${POST_MEASURE:-}" ] || "$POST_MEASURE" || true
  [ "$gen_rc" = 0 ] || { echo "generator exited with $gen_rc"; return 1; }
  RATE=$rate node "$PEERS/bench/report.mjs" "$raw-gen.json" "$raw-cpu.json" "$fixed" "$raw-summary.json" || return 1
  ok=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).ok_2xx)' "$raw-gen.json")
  pgss "$impl" "$ok" "$raw-pgss.txt"
}

# Waits (at most SETTLE_MAX_S s) until the machine used less than SETTLE_PCT % of a core over one second: an
# implementation past its saturation rate (Node at 200/s) leaves work behind after its generator ends, and in
# session 13 the run after such a run inherited it (load average 10 as it began, p50 in seconds).
settle() {
  local waited=0 busy
  while (( waited < SETTLE_MAX_S )); do
    busy=$(cpu_busy_pct)
    (( busy < SETTLE_PCT )) && break
    waited=$((waited + 1))
  done
  (( waited == 0 )) || echo "settle: waited ${waited}s for the machine to go quiet (last second: ${busy}% of a core)"
}
cpu_busy_pct() { # the machine's CPU over the next second, in % of one core
  local a b
  read -r -a a < <(head -1 /proc/stat); sleep 1; read -r -a b < <(head -1 /proc/stat)
  local total=0 idle i
  for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
  idle=$(( (b[4] - a[4]) + (b[5] - a[5]) ))
  echo $(( (total - idle) * 100 * $(nproc) / (total > 0 ? total : 1) ))
}

# The given order, reversed on even repeats, so no implementation always runs first or last.
order() { # repeat words...
  local rep=$1; shift
  if (( rep % 2 )); then echo "$*"; else echo "$*" | tr ' ' '\n' | tac | tr '\n' ' '; fi
}

warm() {
  begin
  log "warm: ${WARM_S}s at ${WARM_RATE}/s of the mix for $MIX_IMPLS (not measured)"
  local impl
  for impl in $MIX_IMPLS; do load "$impl" "$WARM_RATE" "$OUT/warm" "$impl-warm" mix 0 "$WARM_S" || true; done
}

repeats() {
  begin
  log "repeats: rates=$RATES repeats=$REPEATS warmup=${WARMUP}s duration=${DURATION}s impls=$IMPLS"
  local rep rate impl
  for rep in $(seq 1 "$REPEATS"); do
    for rate in $RATES; do
      for impl in $(order "$rep" $IMPLS); do load "$impl" "$rate" "$OUT/repeats" "$impl-$rate-r$rep" single || true; done
    done
  done
  summarize repeats
}

mix() {
  begin
  log "mix: ${TENANTS:-200} tenants × ${LEADS:-50} leads, rates=$MIX_RATES repeats=$MIX_REPEATS impls=$MIX_IMPLS"
  local rep rate impl
  for rep in $(seq 1 "$MIX_REPEATS"); do
    for rate in $MIX_RATES; do
      for impl in $(order "$rep" $MIX_IMPLS); do load "$impl" "$rate" "$OUT/mix" "$impl-$rate-r$rep" mix || true; done
    done
  done
  summarize mix
}

# Passes a rate when every request got a 2xx and the p99 overhead stayed at or under SAT_P99_MS.
passed() { # summary.json
  [ -f "$1" ] && node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1]));
    process.exit(s.failed === 0 && s.overhead && s.overhead.p99 <= Number(process.argv[2]) ? 0 : 1)' "$1" "$SAT_P99_MS"
}

saturation() {
  begin
  log "saturation: rates=$SAT_RATES workload=$SAT_WORKLOAD p99 limit ${SAT_P99_MS} ms impls=$SAT_IMPLS"
  local rate impl left=" $SAT_IMPLS " i=0
  for rate in $SAT_RATES; do
    i=$((i + 1))
    for impl in $(order "$i" $SAT_IMPLS); do
      [[ $left == *" $impl "* ]] || continue
      load "$impl" "$rate" "$OUT/saturation" "$impl-$rate-r1" "$SAT_WORKLOAD" "$SAT_WARMUP" "$SAT_DURATION" || true
      passed "$OUT/saturation/raw/$impl-$rate-r1-summary.json" || { left=${left/ $impl / }; log "saturation: $impl stops at $rate/s"; }
      sleep "$SAT_COOL"
    done
    [ -n "${left// /}" ] || break
  done
  summarize saturation
}

jfr_start() { "$JDK_BIN/jcmd" "$(cat "$RUN/ours.pid")" JFR.start name=sitting settings=profile >/dev/null; }
jfr_stop() { "$JDK_BIN/jcmd" "$(cat "$RUN/ours.pid")" JFR.stop name=sitting filename="$OUT/profile/raw/ours.jfr" >/dev/null; }

profile() {
  begin
  log "profile: this service at ${PROFILE_RATE}/s ($PROFILE_WORKLOAD), JFR of the warm-up and the measured part, pg_stat_statements of the measured part"
  local dir=$OUT/profile tag="ours-$PROFILE_RATE-r1" view
  # JFR starts with the warm-up: starting it redefines classes, and started with the measured part it made
  # that part's first two seconds the slowest of the run (p99 247-359 ms against 10-28 for the other seconds,
  # sessions 17 and 18).
  PRE_WARM=jfr_start POST_MEASURE=jfr_stop PGSS_TOP=25 load ours "$PROFILE_RATE" "$dir" "$tag" "$PROFILE_WORKLOAD" || true
  for view in hot-methods gc-pauses allocation-by-site contention-by-site; do
    "$JDK_BIN/jfr" view --width 200 "$view" "$dir/raw/ours.jfr" >"$dir/jfr-$view.txt" 2>&1 || true
  done
  python3 "$HERE/jfr-breakdown.py" "$JDK_BIN/jfr" "$dir/raw/ours.jfr" >"$dir/jfr-cpu-breakdown.txt" 2>&1 || true
  cp "$dir/raw/$tag-pgss.txt" "$dir/pg_stat_statements-by-time.txt" 2>/dev/null || true
  local ok; ok=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).ok_2xx)' "$dir/raw/$tag-gen.json" 2>/dev/null || echo 1)
  PSQL -d postgres -c "
    select calls, round(calls::numeric / greatest($ok, 1), 2) as per_reply, round(mean_exec_time::numeric, 3) as mean_ms,
           left(regexp_replace(query, '\s+', ' ', 'g'), 160) as query
    from pg_stat_statements s join pg_database d on d.oid = s.dbid
    where d.datname = 'agentruntime' order by calls desc limit 25" >"$dir/pg_stat_statements-by-calls.txt"
  PSQL -d postgres -c "
    select $ok as replies, sum(calls) as statements, round(sum(calls)::numeric / greatest($ok, 1), 2) as statements_per_reply,
           round((sum(total_exec_time) / greatest($ok, 1))::numeric, 3) as pg_ms_per_reply
    from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = 'agentruntime'" \
    >"$dir/pg_stat_statements-totals.txt"
  summarize profile
}

# 2,000 in flight: INFLIGHT_RATE × INFLIGHT_LLM_MS replies in flight at once (150/s × 13.3 s since session 14:
# 200/s of the mix is this machine's saturation rate, where the check measured CPU, not memory; 13.3 s stays
# under the LLM's 15 s attempt-timeout), on one instance of this service
# with its default max-in-flight (2,000) and the sitting's heap. INFLIGHT_INSTANCE=main (the default since
# session 14): the sitting's own instance, warm, with the sitting's LLM fake told to answer after INFLIGHT_LLM_MS
# (its /_control/script default step) for the check and set back after it. fresh: a second LLM fake and a
# second, fresh instance of this service on it (sessions 8-13): on two cores its JIT then compiles the reply
# path's methods for the first time under the full rate (C2 at 50-99 % of a core in the measured part, JFR of
# session 14), so that variant measures warm-up on a saturated machine, not the heap. The generator's socket cap
# (2,000) keeps it from offering more than the service admits. jstat samples the heap every second; a full GC at
# INFLIGHT_GC_AT s gives the live heap under load; ss counts the connections to the LLM fake (its calls in flight)
# and from the generator.
INFLIGHT_INSTANCE=${INFLIGHT_INSTANCE:-main}
inflight_names() { # -> instance service-port llm-port
  if [ "$INFLIGHT_INSTANCE" = fresh ]; then echo "ours-inflight $INFLIGHT_PORT $SLOW_LLM_PORT"
  else echo "ours $OURS_PORT $LLM_PORT"; fi
}
inflight_sample() { # gen-pid
  local dir=$OUT/inflight/raw pid inst sport lport
  read -r inst sport lport <<<"$(inflight_names)"
  pid=$(cat "$RUN/$inst.pid")
  "$JDK_BIN/jstat" -gc -t "$pid" 1000 >"$dir/jstat-gc.txt" 2>&1 &
  local jstat_pid=$! t=0
  echo "t_s llm_connections client_connections" >"$dir/connections.txt"
  while kill -0 "$1" 2>/dev/null; do
    echo "$t $(ss -Htn state established "( dport = :$lport )" | wc -l) $(ss -Htn state established "( sport = :$sport )" | wc -l)" >>"$dir/connections.txt"
    if [ "$t" = "$INFLIGHT_GC_AT" ]; then
      "$JDK_BIN/jcmd" "$pid" GC.run >/dev/null 2>&1 || true
      "$JDK_BIN/jcmd" "$pid" GC.heap_info >"$dir/heap-after-full-gc.txt" 2>&1 || true
      "$JDK_BIN/jcmd" "$pid" GC.class_histogram >"$dir/heap-histogram.txt" 2>&1 || true
    fi
    sleep 1; t=$((t + 1))
  done
  kill "$jstat_pid" 2>/dev/null || true
}

# The sitting's LLM fake's answer delay for every call: seconds, or "" for its --delay-ms again.
LLM_DEFAULT_CONTENT='{"reply": "Happy to help! Would you like to book a test drive?", "quickReplies": ["Book a test drive", "See inventory"]}'
llm_delay() {
  local step; step=$(node -e 'const s={content:process.argv[1]}; if (process.argv[2]) s.delay=Number(process.argv[2]); console.log(JSON.stringify({default:s}))' \
    "$LLM_DEFAULT_CONTENT" "$1")
  curl -sf -o /dev/null -X POST "http://127.0.0.1:$LLM_PORT/_control/script" -H 'Content-Type: application/json' --data-binary "$step"
}

inflight() {
  local dir=$OUT/inflight inst
  read -r inst _ <<<"$(inflight_names)"
  mkdir -p "$dir/raw"
  alive ours || { echo "sitting: run 'up' first" >&2; exit 1; }
  begin
  if [ "$INFLIGHT_INSTANCE" = fresh ]; then
    log "inflight: LLM ${INFLIGHT_LLM_MS} ms, ${INFLIGHT_RATE}/s for ${INFLIGHT_DURATION}s (mix), a second, fresh instance of this service on :$INFLIGHT_PORT"
    start llm-slow python3 "$PEERS/fakes/llm_fake.py" "$SLOW_LLM_PORT" --delay-ms "$INFLIGHT_LLM_MS" --max-calls 1000 --backlog 4096
    wait_http "http://127.0.0.1:$SLOW_LLM_PORT/_control/calls" llm-slow
    start_ours ours-inflight "$INFLIGHT_PORT" "$SLOW_LLM_PORT" -Xms512m -Xmx512m "-Xlog:gc:file=$dir/raw/gc.log"
    wait_http "http://127.0.0.1:$INFLIGHT_PORT/api/agent/health" ours-inflight
    renice_all
  else
    log "inflight: LLM ${INFLIGHT_LLM_MS} ms, ${INFLIGHT_RATE}/s for ${INFLIGHT_DURATION}s (mix), the sitting's instance of this service on :$OURS_PORT"
    trap 'llm_delay "" || true' EXIT
    llm_delay "$(node -e 'console.log(process.argv[1] / 1000)' "$INFLIGHT_LLM_MS")"
  fi
  # As the first benchmark (bench/run.sh: a warm-up ramp from 10 % of the rate): a cold JVM is not put under the
  # full rate at once. INFLIGHT_PREWARM_S s at INFLIGHT_PREWARM_RATE/s, then its replies are let finish.
  if [ "$INFLIGHT_PREWARM_S" != 0 ]; then
    local pbase pkey _pid
    read -r pbase pkey _pid <<<"$(target "$inst")"
    gen "$pbase" "$pkey" "$INFLIGHT_PREWARM_RATE" 1 ours-inflight-prewarm "$INFLIGHT_PREWARM_S" 0 "$dir/raw/prewarm-gen.json" || true
    log "inflight: pre-warm $(node -e 'const s=JSON.parse(require("fs").readFileSync(process.argv[1]));console.log(s.ok_2xx + " ok, " + s.failed + " failed")' "$dir/raw/prewarm-gen.json" 2>/dev/null)"
  fi
  # INFLIGHT_WARMUP s at the rate first; the measured part then climbs to INFLIGHT_RATE × delay in flight in its
  # first seconds (the warm-up's replies are still in flight when it starts).
  DURING_MEASURE=inflight_sample load "$inst" "$INFLIGHT_RATE" "$dir" "ours-inflight-$INFLIGHT_RATE-r1" mix "$INFLIGHT_WARMUP" \
    "$INFLIGHT_DURATION" $((INFLIGHT_LLM_MS + MEM_MS)) || true
  grep -c OutOfMemoryError "$RUN/$inst.log" >"$dir/raw/oom-count.txt" || true
  echo "$INFLIGHT_INSTANCE" >"$dir/raw/instance.txt"
  echo "$JAVA_HEAP $JAVA_GC" >"$dir/raw/jvm.txt"
  if [ "$INFLIGHT_INSTANCE" = fresh ]; then
    cp "$RUN/ours-inflight.log" "$dir/raw/service.log" 2>/dev/null || true
    stop ours-inflight; stop llm-slow
  else
    llm_delay ""; trap - EXIT
  fi
  summarize inflight
}

summarize() { # mode
  local dir=$OUT/$1
  [ -d "$dir/raw" ] || return 0
  node "$HERE/summary.mjs" "$1" "$dir" "$SAT_P99_MS" >"$dir/summary.md"
  cat "$dir/summary.md"
}

summary() {
  local m
  {
    echo "# Sitting of $(date -u +%F)"
    echo
    echo "This service: $(paste -sd ';' "$OUT/jar.txt" 2>/dev/null || echo '?'). Machine: $(nproc) cores, load average now $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    for m in repeats mix saturation profile inflight; do
      [ -d "$OUT/$m/raw" ] || continue
      summarize "$m" >/dev/null
      cat "$OUT/$m/summary.md"; echo
    done
  } >"$OUT/SUMMARY.md"
  cat "$OUT/SUMMARY.md"
}

all() {
  local t0=$SECONDS
  log "all: start ($(cat "$RUN/agent-runtime.source" 2>/dev/null))"
  warm; repeats; mix; saturation; profile; inflight; summary >/dev/null
  log "all: done in $(( (SECONDS - t0) / 60 )) min $(( (SECONDS - t0) % 60 )) s; $OUT/SUMMARY.md"
}

down() {
  stop ours-inflight; stop llm-slow; stop ours; stop springai; stop node; stop sm; stop llm; pg_stop
}

[ $# -gt 0 ] || { sed -n '2,40p' "$0" >&2; exit 2; }
case "$1" in
  prepare|up|seed|status|warm|repeats|mix|saturation|profile|inflight|summary|all|down) "$@" ;;
  *) echo "sitting: unknown command $1" >&2; exit 2 ;;
esac
