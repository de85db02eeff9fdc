-- City fan clubs (同城会) and their meetups (issue #17 item 5).

CREATE TABLE clubs (
    id         INTEGER PRIMARY KEY,
    city       TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    UNIQUE (city)
);

-- organiser: 1 when an admin made the member an organiser of the club.
CREATE TABLE club_members (
    club_id   INTEGER NOT NULL REFERENCES clubs(id),
    user_id   INTEGER NOT NULL REFERENCES users(id),
    organiser INTEGER NOT NULL DEFAULT 0,
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (club_id, user_id)
);
CREATE INDEX club_members_user ON club_members(user_id);

CREATE TABLE club_events (
    id         INTEGER PRIMARY KEY,
    club_id    INTEGER NOT NULL REFERENCES clubs(id),
    title      TEXT    NOT NULL,
    body       TEXT    NOT NULL DEFAULT '',
    place      TEXT    NOT NULL,
    starts_at  INTEGER NOT NULL,
    capacity   INTEGER NOT NULL CHECK (capacity > 0),
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX club_events_club ON club_events(club_id, starts_at);

-- An answer to a meetup: going, or on the waiting list (waitlisted = 1),
-- in the order answered (id). The count of going rows never passes the
-- capacity: the writer decides each answer in its transaction.
CREATE TABLE event_rsvps (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES club_events(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    waitlisted INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    UNIQUE (event_id, user_id)
);
CREATE INDEX event_rsvps_waiting ON event_rsvps(event_id, waitlisted, id);

CREATE TABLE event_checkins (
    event_id   INTEGER NOT NULL REFERENCES club_events(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    by_id      INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, user_id)
);
