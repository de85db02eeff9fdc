-- An admin deletes an account on its owner's request (session 52): the
-- suspensions' log also keeps who deleted which account, when and why.
-- SQLite cannot widen a CHECK in place: the table is rebuilt (nothing
-- references it).
CREATE TABLE account_events_new (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    actor_id   INTEGER NOT NULL REFERENCES users(id),
    action     TEXT    NOT NULL CHECK (action IN ('suspend', 'reinstate', 'delete')),
    reason     TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
INSERT INTO account_events_new (id, user_id, actor_id, action, reason, created_at)
    SELECT id, user_id, actor_id, action, reason, created_at FROM account_events;
DROP TABLE account_events;
ALTER TABLE account_events_new RENAME TO account_events;
CREATE INDEX account_events_user ON account_events(user_id, id);
