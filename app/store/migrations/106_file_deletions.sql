-- The uploads the shared database stopped keeping (session 53): each
-- name whose files row was deleted, and when, written in the same
-- transaction. A PostgreSQL node's hourly sweep of its cached copies reads
-- the names deleted since its last sweep instead of asking about every
-- file on its disk; rows older than the retention (30 days) are pruned.
-- A name deleted twice (restored in between) keeps its latest deletion.
CREATE TABLE file_deletions (
    name       TEXT    PRIMARY KEY,
    deleted_at INTEGER NOT NULL
);
CREATE INDEX file_deletions_at ON file_deletions(deleted_at);
