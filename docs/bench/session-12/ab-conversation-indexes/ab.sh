cd /work/main
P="/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p 55440 -U postgres -d agentruntime -tA"
drop() { $P -c "drop index if exists conversation_activity" -c "drop index if exists conversation_state_activity" -c "alter table conversation set (fillfactor=70)" -c "vacuum conversation"; }
create() { $P -c "create index if not exists conversation_state_activity on conversation (client_id, state, last_message_at desc, conversation_id desc)" -c "create index if not exists conversation_activity on conversation (client_id, last_message_at desc, conversation_id desc)" -c "alter table conversation reset (fillfactor)" -c "vacuum conversation"; }
hot() { $P -c "select n_tup_upd, n_tup_hot_upd from pg_stat_user_tables where relname='conversation'"; }
wal() { $P -c "select wal_records, wal_bytes from pg_stat_wal"; }
for i in 1 2; do
  for v in A B; do
    if [ $v = A ]; then create; else drop; fi
    echo "== $v$i before: hot $(hot) wal $(wal)"
    OUT=/tmp/s12/ab-idx/$v$i MIX_IMPLS=ours MIX_RATES=150 MIX_REPEATS=1 bench/peers/sitting.sh mix | grep -E "overhead|cpu"
    echo "== $v$i after: hot $(hot) wal $(wal)"
  done
done
create
