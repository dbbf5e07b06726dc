-- agent_exchange (client_id, created_at) goes (issue 15). With one partition per day it is no longer
-- what any read needs: the usage report reads all of a tenant's rows of its days, which the
-- (client_id, conversation_id, created_at) index and partition pruning serve as well. Worse, on a
-- young partition (a new day, a few hundred rows per tenant) PostgreSQL priced it the same as the
-- conversation index for a reply's history read and took it: every reply then read all of its
-- tenant's exchanges of the day to find its conversation's turns (231 buffers instead of 5, PostgreSQL
-- CPU per reply ten times that of the day before in the benchmark). One fewer index written per reply
-- too.
drop index agent_exchange_client_created;
