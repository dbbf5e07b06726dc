-- The tenants whose dealership memory scope may hold documents (DESIGN §5, issue 15). That scope holds only
-- what staff ingest without a lead (POST /api/agent/memory), and every recalled hit must carry our metadata,
-- so a tenant that never had such an ingest accepted has nothing there: its replies search only the lead's
-- (or conversation's) scope, one memory call instead of two. The first such ingest adds the tenant in the
-- transaction that queues the document; nothing removes it (a deleted document leaves the search as it was).
-- The trigger puts the change into the tenant change feed, so every instance searches the scope within
-- about a second, before the queued document can have reached the store.
create table memory_dealership_scope (
    client_id uuid        primary key references clients (id) on delete cascade,
    since     timestamptz not null default now()
);

create trigger memory_dealership_scope_changed after insert or delete on memory_dealership_scope
    for each row execute function tenant_changed('client_id');

-- Tenants that exist now may have dealership documents in a hosted store that this database cannot list:
-- they keep both searches. An operator who knows a tenant has none may delete its row.
insert into memory_dealership_scope (client_id) select id from clients;
