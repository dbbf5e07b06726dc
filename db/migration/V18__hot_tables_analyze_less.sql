-- The slowest seconds of the benchmark's many-tenant runs at 200 replies/s fell, once a minute, on autovacuum's
-- round of this database (issue 15, session 14: docs/bench/session-14/): with every reply updating its
-- conversation, `conversation` is analysed each minute, sampling all its rows and every column (0.1 s of CPU,
-- 0.3 s long, for 30,000 rows), and so are the small tables rewritten all the time (rate-limit buckets, the
-- outbox, key use, daily tokens). Each ANALYZE also makes every connection plan again the statements that read
-- the table, the reply's write among them.
-- Their plans do not depend on these statistics: each query has one index that decides it (primary keys, the
-- outbox's partial indexes, the conversation list's (client, state, activity) index).
-- 1. `conversation` keeps small statistics, as the per-event tables since V17: 10 on the columns queries filter
--    or sort on, none on the others (ANALYZE: 8 ms instead of 100-190 ms on the bench database).
alter table conversation
    alter column client_id set statistics 10,
    alter column conversation_id set statistics 10,
    alter column lead_id set statistics 10,
    alter column state set statistics 10,
    alter column assignee set statistics 10,
    alter column last_message_at set statistics 10,
    alter column activity_bucket set statistics 10,
    alter column qualification set statistics 0,
    alter column handoff_reason set statistics 0,
    alter column qualified_at set statistics 0,
    alter column created_at set statistics 0,
    alter column updated_at set statistics 0,
    alter column version set statistics 0;

-- 2. Analysed when their size may have changed, not after every few hundred updates: once as many rows changed
--    as the table has (conversation), or after 100,000 changes (the small tables, a few hundred rows each, whose
--    statistics describe a primary key). Vacuum keeps its defaults: these tables must stay small.
alter table conversation set (autovacuum_analyze_scale_factor = 1.0);
alter table rate_limit_bucket set (autovacuum_analyze_threshold = 100000, autovacuum_analyze_scale_factor = 0);
alter table memory_outbox set (autovacuum_analyze_threshold = 100000, autovacuum_analyze_scale_factor = 0);
alter table api_keys set (autovacuum_analyze_threshold = 100000, autovacuum_analyze_scale_factor = 0);
alter table tenant_daily_tokens set (autovacuum_analyze_threshold = 100000, autovacuum_analyze_scale_factor = 0);
