-- The many-tenant mix for the two peers of the bench-peers kit (their own schema, seed-port/schema.sql, database
-- seedport; run by bench/peers/sitting.sh seed after the kit's pg.sh setup). The same tenants, keys and lead ids as
-- seed.sql gives this service, so mixloop.mjs sends every implementation the same requests:
--   :tenants clients '00000000-0000-4000-8001-<N as 12 hex digits>', one active config each (the kit's bench config),
--   key ark_bench_mix_NNN_000000000000000000000000000000 (stored as sha256 hex, as the peers' auth expects),
--   :leads leads each, id 00000000-0000-4000-8002-<N as 6 hex digits><L as 6 hex digits>. Idempotent.
\set ON_ERROR_STOP 1

insert into clients (id, name)
select ('00000000-0000-4000-8001-' || lpad(to_hex(g), 12, '0'))::uuid, 'Bench Mix Motors ' || g
from generate_series(1, :tenants) g
on conflict (id) do nothing;

insert into ai_agent_config (id, name, tonality, personality, dos_list, donts_list, industry, response_style, is_active,
                             client_id)
select 'mix-config-' || g, 'Bench Mix Motors ' || g || ' assistant', 'friendly', 'warm, upbeat and knowledgeable',
       '["Offer a test drive when a vehicle is mentioned", "Mention current financing offers when asked about price"]',
       '["Quote exact prices without checking inventory", "Discuss competitors"]', 'automotive', 'concise', true,
       ('00000000-0000-4000-8001-' || lpad(to_hex(g), 12, '0'))::uuid
from generate_series(1, :tenants) g
on conflict (id) do nothing;

insert into leads (id, client_id, email)
select ('00000000-0000-4000-8002-' || lpad(to_hex(t), 6, '0') || lpad(to_hex(l), 6, '0'))::uuid,
       ('00000000-0000-4000-8001-' || lpad(to_hex(t), 12, '0'))::uuid, 'lead.' || l || '.' || t || '@example.com'
from generate_series(1, :tenants) t, generate_series(1, :leads) l
on conflict (id) do nothing;

insert into api_keys (key_hash, client_id)
select encode(sha256(convert_to('ark_bench_mix_' || lpad(g::text, 3, '0') || '_000000000000000000000000000000', 'UTF8')), 'hex'),
       ('00000000-0000-4000-8001-' || lpad(to_hex(g), 12, '0'))::uuid
from generate_series(1, :tenants) g
on conflict (key_hash) do nothing;

analyze clients; analyze ai_agent_config; analyze leads; analyze api_keys;
select (select count(*) from clients) as clients, (select count(*) from leads) as leads,
       (select count(*) from api_keys) as keys, (select count(*) from ai_agent_config where is_active) as active_configs;
