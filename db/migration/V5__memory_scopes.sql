-- Memory scopes that cannot mix (DESIGN §5, issue 14). Before this version, exchanges without a
-- lead, or of a lead without an e-mail, were written under the dealership scope [client] alone, so
-- every later visitor of the dealership recalled them; and no write carried a `scope`. Recall now
-- drops every hit without `scope`, and this migration brings what is already stored in line:
--
-- * exchanges (customId ex_…) under the dealership scope are dropped: they belong to a visitor
--   or a lead nobody can tell any more, and a conversation key is an HMAC the database cannot
--   compute (its secret lives in the application's configuration);
-- * documents under [client, lead:<leadKey>] whose metadata names that same leadKey keep their
--   scope, now stated: scope = lead (e-mail lead keys are derived as before);
-- * ingests (customId in_…) under [client] alone become scope = dealership;
-- * anything else without a scope is dropped, as recall would ignore it anyway.
--
-- The same rules apply to undelivered rows of the outbox (pending and dead; erased rows hold no
-- text and are purged by the worker). Documents in Supermemory cannot be reached from here: recall
-- drops them, and docs/memory-isolation.md says how an operator deletes them.

-- The built-in store (agent.memory.provider=postgres); tags are sorted text[].
delete from memory_documents
where metadata ->> 'scope' is null
  and custom_id like 'ex\_%'
  and cardinality(tags) = 1;

update memory_documents
set metadata = metadata || '{"scope": "lead"}'::jsonb, updated_at = now()
where metadata ->> 'scope' is null
  and cardinality(tags) = 2
  and metadata ->> 'leadKey' is not null
  and tags @> array['client:' || (metadata ->> 'clientId'), 'lead:' || (metadata ->> 'leadKey')];

update memory_documents
set metadata = metadata || '{"scope": "dealership"}'::jsonb, updated_at = now()
where metadata ->> 'scope' is null
  and metadata ->> 'leadKey' is null
  and custom_id like 'in\_%'
  and tags = array['client:' || (metadata ->> 'clientId')];

delete from memory_documents where metadata ->> 'scope' is null;

-- Undelivered writes; tags are a jsonb array. An ingest for a lead without an e-mail was queued
-- under [client] with its lead_id: it is dropped rather than made dealership-wide.
delete from memory_outbox
where status in ('pending', 'dead')
  and metadata ->> 'scope' is null
  and custom_id like 'ex\_%'
  and jsonb_array_length(tags) = 1;

delete from memory_outbox
where status in ('pending', 'dead')
  and metadata ->> 'scope' is null
  and lead_id is not null
  and jsonb_array_length(tags) = 1;

update memory_outbox
set metadata = metadata || '{"scope": "lead"}'::jsonb
where status in ('pending', 'dead')
  and metadata ->> 'scope' is null
  and jsonb_array_length(tags) = 2
  and metadata ->> 'leadKey' is not null
  and tags @> jsonb_build_array('client:' || client_id, 'lead:' || (metadata ->> 'leadKey'));

update memory_outbox
set metadata = metadata || '{"scope": "dealership"}'::jsonb
where status in ('pending', 'dead')
  and metadata ->> 'scope' is null
  and metadata ->> 'leadKey' is null
  and lead_id is null
  and custom_id like 'in\_%'
  and tags = jsonb_build_array('client:' || client_id);

delete from memory_outbox where status in ('pending', 'dead') and metadata ->> 'scope' is null;
