-- Core schema of the agent runtime (DESIGN §2, §4, §7). Hibernate only validates it.

create table clients (
    id                  uuid primary key,
    name                varchar(200) not null,
    active              boolean      not null default true,
    requests_per_minute integer,
    tokens_per_day      bigint,
    created_at          timestamptz  not null default now(),
    updated_at          timestamptz  not null default now()
);

create table ai_agent_config (
    id             uuid primary key,
    client_id      uuid          not null references clients (id),
    name           varchar(100)  not null,
    personality    varchar(1000),
    tonality       varchar(100)  not null default 'professional',
    response_style varchar(100)  not null default 'helpful',
    dos_list       jsonb         not null default '[]'::jsonb,
    donts_list     jsonb         not null default '[]'::jsonb,
    industry       varchar(100)  not null default 'automotive',
    model          varchar(200),
    fallback_reply varchar(500),
    is_active      boolean       not null default false,
    version        bigint        not null default 0,
    created_at     timestamptz   not null default now(),
    updated_at     timestamptz   not null default now()
);

-- Exactly one active config per client, enforced by PostgreSQL whatever the instance count.
create unique index ai_agent_config_one_active_per_client on ai_agent_config (client_id) where is_active = true;
create index ai_agent_config_client_id on ai_agent_config (client_id);

create table leads (
    id         uuid primary key,
    client_id  uuid         not null references clients (id),
    lead_id    varchar(64)  not null,
    email      varchar(320),
    name       varchar(200),
    created_at timestamptz  not null default now(),
    updated_at timestamptz  not null default now(),
    constraint leads_client_lead unique (client_id, lead_id)
);

create table agent_exchange (
    id                uuid primary key,
    client_id         uuid         not null references clients (id),
    config_id         uuid,
    lead_id           varchar(64),
    conversation_id   varchar(128),
    request_id        varchar(64),
    message           text,
    reply             text,
    quick_replies     jsonb        not null default '[]'::jsonb,
    model             varchar(200),
    prompt_tokens     integer,
    completion_tokens integer,
    latency_ms        integer      not null,
    llm_latency_ms    integer,
    llm_attempts      integer      not null default 0,
    memory_docs       integer      not null default 0,
    degraded_reasons  jsonb        not null default '[]'::jsonb,
    created_at        timestamptz  not null default now()
);

create index agent_exchange_conversation on agent_exchange (client_id, conversation_id, created_at);
create index agent_exchange_client_created on agent_exchange (client_id, created_at);
create index agent_exchange_lead on agent_exchange (client_id, lead_id);

create table api_keys (
    id           uuid primary key,
    client_id    uuid         not null references clients (id),
    name         varchar(100) not null,
    key_hash     varchar(64)  not null unique,
    key_prefix   varchar(16)  not null,
    scopes       jsonb        not null,
    created_at   timestamptz  not null default now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

create index api_keys_client on api_keys (client_id);
