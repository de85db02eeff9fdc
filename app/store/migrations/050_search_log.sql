-- The search outbox's commit order (issue 14). On SQLite the outbox is a
-- queue that one indexer empties, and txid stays 0. On PostgreSQL
-- (pg/050_search_log.sql) it is a log that every node reads in commit order,
-- through its own cursor, and txid is the writing transaction's id.
ALTER TABLE search_outbox ADD COLUMN txid INTEGER NOT NULL DEFAULT 0;
