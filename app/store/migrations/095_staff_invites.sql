-- Staff brought in by an admin (session 50). An invitation is a password
-- reset with a longer life that also confirms the address when used: it
-- proves the mailbox, as a confirmation link would.
ALTER TABLE password_resets ADD COLUMN invite INTEGER NOT NULL DEFAULT 0;

-- Who gave or took which roles, and when: an invitation (roles_before
-- empty) or a change of someone's roles, written in the same transaction
-- as the change. Roles are the granted ones, comma-joined in
-- domain.GrantableRoles' order ('' for a fan alone).
CREATE TABLE role_events (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    actor_id     INTEGER NOT NULL REFERENCES users(id),
    action       TEXT    NOT NULL CHECK (action IN ('invite', 'roles')),
    roles_before TEXT    NOT NULL DEFAULT '',
    roles_after  TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);
CREATE INDEX role_events_user ON role_events(user_id, id);
