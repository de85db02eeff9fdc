-- The search outbox as a log every node reads in commit order (issue 14).
-- Sequence ids are taken when a row is written, not when its transaction
-- commits, so "ids above my cursor" would skip a row whose transaction
-- commits after a later id's. Each row keeps its transaction's id instead:
-- a reader takes only rows of transactions older than the oldest one still
-- running (pg_snapshot_xmin), which have all ended, and reads them in
-- (txid, id) order; nothing can later appear before its cursor.
ALTER TABLE search_outbox ADD COLUMN txid BIGINT NOT NULL
    DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX search_outbox_log ON search_outbox (txid, id);
CREATE INDEX search_outbox_age ON search_outbox (created_at);
