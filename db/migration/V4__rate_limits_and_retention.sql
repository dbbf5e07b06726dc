-- Per-tenant request buckets shared by every instance (DESIGN §3, §9): bucket4j's PostgreSQL
-- select-for-update backend keeps one row per tenant and limit; expires_at lets idle rows be purged.
create table rate_limit_bucket (
    id         varchar(128) primary key,
    state      bytea,
    expires_at bigint
);

create index rate_limit_bucket_expires_at on rate_limit_bucket (expires_at);

-- The audit retention purge (DESIGN §7) deletes by age across all tenants.
create index agent_exchange_created_at on agent_exchange (created_at);
