-- The tenant change feed (issue 15, docs/operations.md): every insert, update or delete of a tenant's
-- clients, api_keys or ai_agent_config row adds the tenant's id here, whoever writes it (the admin API,
-- another instance, an operator's SQL). Each instance reads the rows after the last one it saw about
-- once a second and forgets what it cached of those tenants, so its caches can live for minutes.
-- Rows older than an hour are deleted by the instances.
create table tenant_change (
    seq        bigserial   primary key,
    client_id  uuid        not null,
    changed_at timestamptz not null default now()
);

-- The argument names the row's tenant column: id for clients, client_id for the others.
create function tenant_changed() returns trigger language plpgsql as $$
declare
    tenant_column text := tg_argv[0];
begin
    if tg_op in ('UPDATE', 'DELETE') then
        insert into tenant_change (client_id) values ((to_jsonb(old) ->> tenant_column)::uuid);
    end if;
    if tg_op = 'INSERT'
       or (tg_op = 'UPDATE' and (to_jsonb(new) ->> tenant_column) is distinct from (to_jsonb(old) ->> tenant_column)) then
        insert into tenant_change (client_id) values ((to_jsonb(new) ->> tenant_column)::uuid);
    end if;
    return null;
end
$$;

create trigger clients_changed after insert or update or delete on clients
    for each row execute function tenant_changed('id');

create trigger ai_agent_config_changed after insert or update or delete on ai_agent_config
    for each row execute function tenant_changed('client_id');

create trigger api_keys_added_or_removed after insert or delete on api_keys
    for each row execute function tenant_changed('client_id');

-- Recording a key's use (last_used_at) changes nothing a cache holds, and happens every minute.
create trigger api_keys_changed after update on api_keys
    for each row
    when ((to_jsonb(old) - 'last_used_at') is distinct from (to_jsonb(new) - 'last_used_at'))
    execute function tenant_changed('client_id');
