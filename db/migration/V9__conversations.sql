-- Conversations with an owner (DESIGN §10, §11, issue 19).

-- One row per conversation of a tenant: who answers (state), who took it over, and what is
-- known about the lead. Created on the first reply or staff message of a conversationId.
create table conversation (
    client_id       uuid         not null references clients (id),
    conversation_id varchar(128) not null,
    lead_id         varchar(64),
    state           varchar(16)  not null default 'ai' check (state in ('ai', 'handoff', 'human', 'closed')),
    assignee        varchar(100),
    qualification   jsonb,
    handoff_reason  varchar(32),
    -- When lead.qualified fired: it fires once per conversation (DESIGN §11).
    qualified_at    timestamptz,
    -- The last lead, agent or staff message: the list's "newest activity first" order.
    last_message_at timestamptz  not null default now(),
    created_at      timestamptz  not null default now(),
    updated_at      timestamptz  not null default now(),
    version         bigint       not null default 0,
    constraint conversation_pk primary key (client_id, conversation_id)
);

-- The staff list: newest activity first, optionally by state, with a keyset cursor.
create index conversation_activity on conversation (client_id, last_message_at desc, conversation_id desc);
create index conversation_state_activity on conversation (client_id, state, last_message_at desc, conversation_id desc);

-- Conversations that existed before this table: they start in state ai.
insert into conversation (client_id, conversation_id, lead_id, state, last_message_at, created_at, updated_at)
select client_id, conversation_id, (array_agg(lead_id order by created_at desc))[1], 'ai', max(created_at),
       min(created_at), max(created_at)
from agent_exchange
where conversation_id is not null
group by client_id, conversation_id;

-- A staff message is a row of the conversation's exchanges with message null, the text in
-- reply and the staff member here (DESIGN §11); null for the agent's exchanges.
alter table agent_exchange add column author varchar(100);

-- The feed of what happened in a conversation, for streaming subscribers and webhooks
-- (DESIGN §11, §13, §14). Payloads carry ids, states and qualification, never message
-- text: a subscriber reads the text through GET /api/agent/conversations/{id}, where
-- erasure and tenancy apply. Range-partitioned by day (DESIGN §15); the daily partitions
-- and their retention are made by the partition maintenance, the default partition takes
-- whatever has no day partition yet.
create table conversation_event (
    id              bigserial,
    client_id       uuid         not null,
    conversation_id varchar(128) not null,
    type            varchar(32)  not null,
    payload         jsonb        not null,
    created_at      timestamptz  not null default now(),
    constraint conversation_event_pk primary key (id, created_at)
) partition by range (created_at);

create table conversation_event_default partition of conversation_event default;

create index conversation_event_conversation on conversation_event (client_id, conversation_id, id);
