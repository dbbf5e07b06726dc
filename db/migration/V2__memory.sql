-- Memory (DESIGN §5): the durable write queue and the built-in document store.

-- One row per memory write, inserted in the same transaction as the audit row (or by the ingest
-- endpoint) and delivered by MemoryOutboxWorker. Delivered rows are deleted (no text is kept);
-- dead rows stay for inspection until their lead is erased.
create table memory_outbox (
    id              uuid primary key,
    client_id       uuid          not null references clients (id),
    lead_id         varchar(64),
    custom_id       varchar(100)  not null unique,
    content         text          not null,
    tags            jsonb         not null,
    metadata        jsonb         not null,
    status          varchar(16)   not null default 'pending',
    attempts        integer       not null default 0,
    next_attempt_at timestamptz   not null default now(),
    last_error      varchar(64),
    created_at      timestamptz   not null default now(),
    constraint memory_outbox_status check (status in ('pending', 'dead', 'erased'))
);

-- The worker's claim query: due pending rows, oldest due first.
create index memory_outbox_due on memory_outbox (next_attempt_at) where status = 'pending';
create index memory_outbox_lead on memory_outbox (client_id, lead_id);

-- The built-in store (agent.memory.provider=postgres): documents with their container tags and
-- metadata, ranked by full-text search. Tags are a sorted text[] so exact-set matching is equality.
create table memory_documents (
    id         varchar(40)   primary key,
    custom_id  varchar(100)  unique,
    content    text          not null,
    tags       text[]        not null,
    metadata   jsonb         not null default '{}'::jsonb,
    client_id  varchar(64)   generated always as (metadata ->> 'clientId') stored,
    search     tsvector      generated always as (to_tsvector('english', content)) stored,
    created_at timestamptz   not null default now(),
    updated_at timestamptz   not null default now()
);

create index memory_documents_tags on memory_documents using gin (tags);
create index memory_documents_search on memory_documents using gin (search);
create index memory_documents_client on memory_documents (client_id);
