-- Who named or unnamed whom a club's organiser, when and why (session 55),
-- written in the same transaction as the change (SetOrganiser): the staff
-- read it on the club's page; a moderator's reason, required, is kept
-- beside the notice the person was sent. actor_id is NULL for a change
-- no account made (a seeding tool's).
CREATE TABLE organiser_events (
    id         INTEGER PRIMARY KEY,
    club_id    INTEGER NOT NULL REFERENCES clubs(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    actor_id   INTEGER REFERENCES users(id),
    named      INTEGER NOT NULL,
    reason     TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX organiser_events_club ON organiser_events(club_id, id);
