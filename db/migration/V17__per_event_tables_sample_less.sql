-- Autovacuum's ANALYZE of the day's partition stalled every reply for seconds (issue 15, session 13): with the
-- default statistics target (100) it samples 30,000 rows, which in a busy day's partition of agent_exchange
-- (470,000 rows, 179 MB) is nearly every page, and it computes statistics for every column, the message and
-- reply texts included. It runs each time a tenth more rows have come in, so every few minutes at 200
-- replies/s; in the benchmark the slowest seconds of a run began with it (docs/bench/session-13/).
-- The queries of these tables filter and sort only on tenant, conversation, lead, time, id and author, and
-- each has an index that decides its plan; 10 is enough for them, and 300 × 10 = 3,000 rows are sampled.
-- Columns no query filters on get no statistics at all (0: ANALYZE skips them).
-- ALTER TABLE on the parent sets the partitions that exist now; DailyPartitions copies the targets to every
-- partition it creates later (PostgreSQL does not).
alter table agent_exchange
    alter column id set statistics 10,
    alter column client_id set statistics 10,
    alter column lead_id set statistics 10,
    alter column conversation_id set statistics 10,
    alter column created_at set statistics 10,
    alter column author set statistics 10,
    alter column config_id set statistics 0,
    alter column request_id set statistics 0,
    alter column message set statistics 0,
    alter column reply set statistics 0,
    alter column quick_replies set statistics 0,
    alter column model set statistics 0,
    alter column prompt_tokens set statistics 0,
    alter column completion_tokens set statistics 0,
    alter column latency_ms set statistics 0,
    alter column llm_latency_ms set statistics 0,
    alter column llm_attempts set statistics 0,
    alter column memory_docs set statistics 0,
    alter column degraded_reasons set statistics 0,
    alter column policy_rules set statistics 0;

alter table conversation_event
    alter column id set statistics 10,
    alter column client_id set statistics 10,
    alter column conversation_id set statistics 10,
    alter column type set statistics 10,
    alter column created_at set statistics 10,
    alter column payload set statistics 0;
