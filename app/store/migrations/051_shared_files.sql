-- What every node must read (issue 14). On PostgreSQL several nodes serve
-- one installation: an upload written by one is kept here for the others
-- (each caches it under its own -data), and the session and mail keys are
-- kept here so that every node signs and reads the same cookies and links.
-- A SQLite installation keeps both as files under -data and leaves these
-- empty.
CREATE TABLE files (
    name       TEXT    PRIMARY KEY,
    data       BLOB    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE shared_keys (
    name       TEXT    PRIMARY KEY,
    value      BLOB    NOT NULL,
    created_at INTEGER NOT NULL
);
