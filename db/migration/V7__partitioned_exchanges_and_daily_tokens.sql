-- Cost that does not grow with history (DESIGN §9, §15).
--
-- 1. agent_exchange becomes range-partitioned by UTC day, keeping its rows: the partitioned table is
--    created LIKE the old one (so columns added by earlier migrations come along), the rows are
--    copied, the old table dropped and its indexes and foreign keys recreated on the new one.
--    The primary key must include the partition key: (id, created_at). Daily partitions are named
--    agent_exchange_pYYYYMMDD; a default partition catches rows outside them (e.g. a day whose
--    partition was not created yet). audit/DailyPartitions creates days ahead and drops expired
--    ones (retention by DROP, not DELETE).
-- 2. tenant_daily_tokens: the per-tenant, per-UTC-day token counter that the daily budget reads
--    (one primary-key row, not a sum over the day's exchanges). limits/TokenUsage adds to it in
--    batches.

alter table agent_exchange rename to agent_exchange_old;
alter table agent_exchange_old rename constraint agent_exchange_pkey to agent_exchange_old_pkey;

create table agent_exchange (like agent_exchange_old including defaults including constraints including storage
    including comments) partition by range (created_at);

alter table agent_exchange add constraint agent_exchange_pkey primary key (id, created_at);

create table agent_exchange_default partition of agent_exchange default;

do $$
declare
    first_day date;
    last_day  date := (now() at time zone 'UTC')::date + 7;
    d         date;
begin
    select coalesce(min((created_at at time zone 'UTC')::date), (now() at time zone 'UTC')::date - 1)
    into first_day from agent_exchange_old;
    first_day := least(first_day, (now() at time zone 'UTC')::date - 1);
    d := first_day;
    while d <= last_day loop
        execute format('create table %I partition of agent_exchange for values from (%L) to (%L)',
                       'agent_exchange_p' || to_char(d, 'YYYYMMDD'),
                       d::timestamp at time zone 'UTC', (d + 1)::timestamp at time zone 'UTC');
        d := d + 1;
    end loop;
end
$$;

insert into agent_exchange select * from agent_exchange_old;

-- Recreate what the old table had (indexes, foreign keys) on the new one, whatever earlier
-- migrations added; the old primary key (id alone) and unique indexes cannot hold on a table
-- partitioned by created_at, and the created_at index is replaced by partition pruning and drops.
create temporary table agent_exchange_old_ddl on commit drop as
select regexp_replace(pg_get_indexdef(i.indexrelid), ' ON (\S+\.)?agent_exchange_old ', ' ON agent_exchange ') as ddl
from pg_index i
join pg_class c on c.oid = i.indexrelid
where i.indrelid = 'agent_exchange_old'::regclass and not i.indisunique and c.relname <> 'agent_exchange_created_at'
union all
select format('alter table agent_exchange add constraint %I %s', conname, pg_get_constraintdef(oid))
from pg_constraint
where conrelid = 'agent_exchange_old'::regclass and contype = 'f';

drop table agent_exchange_old;

do $$
declare
    statement text;
begin
    for statement in select ddl from agent_exchange_old_ddl loop
        execute statement;
    end loop;
end
$$;

-- Rows in the default partition are rare (a day without its partition); the retention purge
-- deletes them by age.
create index agent_exchange_default_created_at on agent_exchange_default (created_at);

create table tenant_daily_tokens (
    client_id uuid   not null references clients (id),
    day       date   not null,
    tokens    bigint not null default 0,
    primary key (client_id, day)
);

insert into tenant_daily_tokens (client_id, day, tokens)
select client_id, (created_at at time zone 'UTC')::date,
       sum(coalesce(prompt_tokens, 0) + coalesce(completion_tokens, 0))
from agent_exchange
where created_at >= (now() at time zone 'UTC')::date::timestamp at time zone 'UTC'
group by 1, 2;
