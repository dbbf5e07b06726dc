-- Indexes written on every reply that no query reads (issue 15: one fewer index insert per row):
-- * conversation_event (client_id, conversation_id, id): no statement reads the events yet (streaming and
--   webhooks, DESIGN §13/§14, are not built); they add the index their read needs. Two rows per reply.
-- * memory_outbox.custom_id unique: rows are found by id (claim, removal) and by lead (erasure); a
--   custom id is ex_/in_ followed by a fresh random UUID, unique by construction, and the memory store
--   is idempotent by custom id anyway (a repeated delivery updates the same document).
drop index conversation_event_conversation;
alter table memory_outbox drop constraint memory_outbox_custom_id_key;
