-- Every outbox poll drops erased rows whose lease ran out (OutboxRows.dropErasedPastLease). Without an index
-- that statement scanned the whole table, dead rows of the delivered ones included: 1.3 ms per poll under the
-- many-tenant benchmark (issue 15 profile). Erased rows are few and short-lived, so this index stays tiny.
create index memory_outbox_erased on memory_outbox (next_attempt_at) where status = 'erased';
