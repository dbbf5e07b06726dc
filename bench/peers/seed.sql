-- Benchmark tenants of the agent runtime (run by bench/peers/sitting.sh after the service's own Flyway
-- migrations). Limits stay ON as they ship, with per-tenant overrides high enough never to reject.
--   empty : ark_bench_empty_…  no history; lead 22222222-2222-4222-8222-222222222222 (bench.sh's default body)
--   big   : ark_bench_big_…    the same lead and config, plus :history exchanges spread over the last 30 days
--                               (today's partition included), 20,000 conversations, the bench one among them
--   mix-N : ark_bench_mix_NNN_… :tenants tenants × :leads leads each, for the many-tenant mix (mixloop.mjs); lead L
--                               of tenant N is 00000000-0000-4000-8002-<N as 6 hex digits><L as 6 hex digits>,
--                               the same ids and keys as seed-peers.sql gives the two peers
\set ON_ERROR_STOP 1

-- The partitions a service that has run for 30 days would have (the migration creates yesterday onwards).
do $$
declare d date;
begin
    if not exists (select 1 from pg_partitioned_table where partrelid = 'agent_exchange'::regclass) then
        return; -- the schema before V7 (for a "before" run)
    end if;
    for d in select generate_series((now() at time zone 'UTC')::date - 31, (now() at time zone 'UTC')::date, '1 day')::date loop
        execute format('create table if not exists %I partition of agent_exchange for values from (%L) to (%L)',
                       'agent_exchange_p' || to_char(d, 'YYYYMMDD'), d::timestamp at time zone 'UTC',
                       (d + 1)::timestamp at time zone 'UTC');
    end loop;
end
$$;

create temporary table bench_tenant (id uuid, name text, api_key text, n int);
insert into bench_tenant values
    ('00000000-0000-4000-8000-0000000000e1', 'Bench Empty Motors', 'ark_bench_empty_0000000000000000000000000000'),
    ('00000000-0000-4000-8000-0000000000b1', 'Bench Big History Motors', 'ark_bench_big_00000000000000000000000000000000');
insert into bench_tenant
select ('00000000-0000-4000-8001-' || lpad(to_hex(g), 12, '0'))::uuid, 'Bench Mix Motors ' || g,
       'ark_bench_mix_' || lpad(g::text, 3, '0') || '_000000000000000000000000000000', g
from generate_series(1, :tenants) g;

insert into clients (id, name, requests_per_minute, tokens_per_day)
select id, name, 1000000, 1000000000000 from bench_tenant on conflict (id) do nothing;
insert into api_keys (id, client_id, name, key_hash, key_prefix, scopes)
select gen_random_uuid(), id, 'bench', encode(sha256(convert_to(api_key, 'UTF8')), 'hex'), left(api_key, 9),
       '["agent:reply"]'::jsonb
from bench_tenant t where not exists (select 1 from api_keys k where k.client_id = t.id);
insert into ai_agent_config (id, client_id, name, personality, tonality, response_style, dos_list, donts_list,
                             fallback_reply, is_active)
select gen_random_uuid(), id, 'Bench Assistant', 'friendly and precise', 'professional', 'helpful',
       '["Offer a test drive"]', '["Quote prices"]', 'Thanks! Our team will follow up shortly.', true
from bench_tenant t where not exists (select 1 from ai_agent_config c where c.client_id = t.id);
insert into leads (id, client_id, lead_id, email, name)
select gen_random_uuid(), id, '22222222-2222-4222-8222-222222222222', 'bench.lead@example.com', 'Bench Lead'
from bench_tenant where name not like 'Bench Mix%'
on conflict (client_id, lead_id) do nothing;
insert into leads (id, client_id, lead_id, email, name)
select gen_random_uuid(), t.id, '00000000-0000-4000-8002-' || lpad(to_hex(t.n), 6, '0') || lpad(to_hex(g), 6, '0'),
       'lead.' || g || '.' || t.n || '@example.com', 'Lead ' || g
from bench_tenant t, generate_series(1, :leads) g where t.name like 'Bench Mix%'
on conflict (client_id, lead_id) do nothing;

-- The large history: :history rows, one every 30 days / :history, newest now.
insert into agent_exchange (id, client_id, config_id, lead_id, conversation_id, request_id, message, reply, quick_replies,
                            model, prompt_tokens, completion_tokens, latency_ms, llm_latency_ms, llm_attempts, memory_docs,
                            created_at)
select gen_random_uuid(), '00000000-0000-4000-8000-0000000000b1', null, 'lead-' || (g % 5000),
       case when g % 20000 = 0 then 'bench' else 'conv-' || (g % 20000) end, 'hist-' || g,
       'Is the red F-150 still available? I could come by on Saturday morning.',
       'Yes, the red F-150 is available. Would Saturday at 10:00 suit you for a test drive?',
       '["Book a test drive","Ask about financing"]', 'openai/gpt-4o-mini', 120, 30, 860, 800, 1, 0,
       now() - (g * (30 * 86400.0 / :history)) * interval '1 second'
from generate_series(1, :history) g
where not exists (select 1 from agent_exchange where client_id = '00000000-0000-4000-8000-0000000000b1' limit 1);

analyze;
select (select count(*) from agent_exchange) as exchanges,
       (select count(*) from agent_exchange where created_at >= (now() at time zone 'UTC')::date::timestamp at time zone 'UTC') as today,
       (select count(*) from clients) as tenants, (select count(*) from leads) as leads;
