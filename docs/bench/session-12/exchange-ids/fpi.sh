cd /work/main
P="/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p 55440 -U postgres -tA"
measure() { # tag
  $P -d agentruntime -c "checkpoint" >/dev/null
  w0=$($P -d postgres -c "select wal_records||' '||wal_fpi||' '||wal_bytes from pg_stat_wal")
  n0=$($P -d agentruntime -c "select count(*) from agent_exchange where created_at > now() - interval '1 day'")
  OUT=/tmp/s12/fpi/$1 MIX_IMPLS=ours MIX_RATES=150 MIX_REPEATS=1 WARMUP=10 bench/peers/sitting.sh mix | grep -E "overhead|cpu" | head -2
  w1=$($P -d postgres -c "select wal_records||' '||wal_fpi||' '||wal_bytes from pg_stat_wal")
  n1=$($P -d agentruntime -c "select count(*) from agent_exchange where created_at > now() - interval '1 day'")
  python3 -c "
a=list(map(int,'$w0'.split())); b=list(map(int,'$w1'.split())); n=$n1-$n0
print('$1: replies',n,'WAL records/reply %.1f FPI/reply %.2f bytes/reply %.0f'%((b[0]-a[0])/n,(b[1]-a[1])/n,(b[2]-a[2])/n))"
}
for jar in jitter ids jitter ids; do
  kill $(cat /tmp/bench16/run/ours.pid); sleep 2
  JAR=/tmp/s12/$jar.jar bench/peers/sitting.sh up | tail -1
  MIX_IMPLS=ours WARM_RATE=60 WARM_S=30 OUT=/tmp/s12/fpi/warm bench/peers/sitting.sh warm >/dev/null
  measure $jar
done
