-- The integrity log's pages (store.IntegrityLogPage, session 55) are read
-- newest first in an order made total by the entry's id: created_at, id,
-- both descending, behind a cursor (created_at, id) < (?, ?). The index
-- carried the challenge and the time only, so PostgreSQL sorted each
-- page's ties (an incremental sort) and tested the cursor's id on each
-- row read; SQLite read its rowid. With the id in it a page is read from
-- the index in order, starting at the cursor, and stops after its limit's
-- rows (store.integrityLogQuery; TestIntegrity56LogPageWalksItsIndex).
DROP INDEX integrity_log_challenge;
CREATE INDEX integrity_log_challenge ON integrity_log(challenge_id, created_at, id);
