-- Browser sessions, kept on the server so that signing out (here or
-- everywhere) really ends them. The cookie holds a random secret; only its
-- SHA-256 is kept. seen_at moves at most about once an hour (domain.SessionTouch).
CREATE TABLE sessions (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    hash       BLOB    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    seen_at    INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
