-- A reply's one-statement write (audit/ExchangeRecorder.recordInOneStatement) used to read its lead's row
-- FOR SHARE, so an erasure waited for it: that lock writes the lead's row (xmax) and WAL on every reply
-- (issue 15 profile). Instead the reply takes a shared advisory lock of the lead and an erasure the same
-- lock exclusively, before it deletes anything (lead/LeadService.erase). The lock is held until the
-- statement's implicit transaction ends, and nothing is written for it.
--
-- Why a function: in READ COMMITTED a statement sees the snapshot taken when it started, i.e. possibly
-- before an erasure that committed while the reply waited for the lock. A VOLATILE PL/pgSQL function takes
-- a fresh snapshot for each of its queries, so its read of the lead follows the lock: a reply that waited
-- for an erasure finds no lead (keeps no text, queues no memory write); an erasure that waited for a reply
-- sees (and erases) what the reply wrote.

-- The advisory lock of a tenant's lead: (class, key) in the two-integer key space; a hash collision only
-- makes an erasure wait for another lead's replies.
create function lead_lock_key(client uuid, lead varchar) returns integer
    language sql immutable parallel safe
    as $$ select hashtext($1::text || '/' || $2) $$;

-- The lead's e-mail ('' when it has none) after taking its lock shared; null when the tenant has no such lead.
create function lead_email_shared(client uuid, lead varchar) returns text
    language plpgsql volatile
as $$
declare
    found_email text;
begin
    perform pg_advisory_xact_lock_shared(1818583396, lead_lock_key(client, lead));
    select coalesce(l.email, '') into found_email from leads l where l.client_id = client and l.lead_id = lead;
    return found_email;
end
$$;

-- Indexes written on every reply that no query reads (issue 15: one fewer index insert per row):
-- * conversation_event (client_id, conversation_id, id): no statement reads the events yet (streaming and
--   webhooks, DESIGN §13/§14, are not built); they add the index their read needs. Two rows per reply.
-- * memory_outbox.custom_id unique: rows are found by id (claim, removal) and by lead (erasure); a
--   custom id is ex_/in_ followed by a fresh random UUID, unique by construction, and the memory store
--   is idempotent by custom id anyway (a repeated delivery updates the same document).
drop index conversation_event_conversation;
alter table memory_outbox drop constraint memory_outbox_custom_id_key;
