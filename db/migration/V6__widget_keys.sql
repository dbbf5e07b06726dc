-- Widget keys (issue 14, DESIGN §2): publishable apk_ keys carry the browser origins they may be
-- used from; null for every other key.
alter table api_keys add column allowed_origins jsonb;

-- Secrets the service generates for itself when none is configured, shared by every instance on
-- this database: the HMAC key of widget conversation tokens (agent.security.conversation-token-secret
-- overrides it).
create table service_secret (
    name       varchar(100) primary key,
    secret     varchar(200) not null,
    created_at timestamptz  not null default now()
);
