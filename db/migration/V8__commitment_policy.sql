-- Commitment policy and AI disclosure (DESIGN §12).

-- A dealership's own policy terms. ai_disclosure: null takes the default text, '' switches the
-- disclosure off.
alter table ai_agent_config
    add column competitors     jsonb not null default '[]'::jsonb,
    add column blocked_phrases jsonb not null default '[]'::jsonb,
    add column ai_disclosure   varchar(200);

-- The ids of the policy rules a reply broke (e.g. ["price_commitment"]), never the text that broke them.
alter table agent_exchange
    add column policy_rules jsonb not null default '[]'::jsonb;
