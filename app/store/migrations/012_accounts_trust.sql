-- Accounts that mean a person (DESIGN §8): a confirmed email address, and
-- suspension, which refuses every session and token from the next request.
-- Accounts made before confirmation existed stay unconfirmed, except admins
-- (README: "Confirmed accounts").
ALTER TABLE users ADD COLUMN verified INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN suspended_reason TEXT NOT NULL DEFAULT '';
UPDATE users SET verified = 1 WHERE id IN (SELECT user_id FROM user_roles WHERE role = 'admin');

-- The moderator role: the CHECK on roles is rebuilt to allow it.
CREATE TABLE user_roles_new (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role    TEXT    NOT NULL CHECK (role IN ('judge', 'engineer', 'admin', 'moderator')),
    PRIMARY KEY (user_id, role)
) WITHOUT ROWID;
INSERT INTO user_roles_new (user_id, role) SELECT user_id, role FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;

-- Every suspension and reinstatement: who, when and why.
CREATE TABLE account_events (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    actor_id   INTEGER NOT NULL REFERENCES users(id),
    action     TEXT    NOT NULL CHECK (action IN ('suspend', 'reinstate')),
    reason     TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX account_events_user ON account_events(user_id, id);

-- Who may vote, and how many distinct reporters hide an item at once.
ALTER TABLE challenges ADD COLUMN voters TEXT NOT NULL DEFAULT 'signed_in'
    CHECK (voters IN ('signed_in', 'verified'));
ALTER TABLE challenges ADD COLUMN report_threshold INTEGER NOT NULL DEFAULT 3
    CHECK (report_threshold >= 0);
