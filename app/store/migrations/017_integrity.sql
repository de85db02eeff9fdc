-- Vote-integrity groups: accounts a scan found acting together in one
-- challenge, with the score and the signals (JSON) that raised it. status
-- is suspected, quarantined (their votes held out of the tally), removed
-- (their votes deleted) or cleared (counted again).
CREATE TABLE integrity_groups (
    id           INTEGER PRIMARY KEY,
    challenge_id INTEGER NOT NULL REFERENCES challenges(id),
    status       TEXT    NOT NULL CHECK (status IN ('suspected', 'quarantined', 'removed', 'cleared')),
    score        REAL    NOT NULL,
    signals      TEXT    NOT NULL DEFAULT '[]', -- JSON: [{"kind", "strength", "args"}]
    idea_ids     TEXT    NOT NULL DEFAULT '[]', -- JSON array of the ideas it voted for together
    votes        INTEGER NOT NULL DEFAULT 0,    -- its votes in the challenge when last scanned or decided
    reason       TEXT    NOT NULL DEFAULT '',
    decided_by   INTEGER REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX integrity_groups_challenge ON integrity_groups(challenge_id, status);

CREATE TABLE integrity_members (
    group_id INTEGER NOT NULL REFERENCES integrity_groups(id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (group_id, user_id)
);

-- The public log: what was removed and why, with no personal data.
CREATE TABLE integrity_log (
    id            INTEGER PRIMARY KEY,
    challenge_id  INTEGER NOT NULL REFERENCES challenges(id),
    group_id      INTEGER NOT NULL REFERENCES integrity_groups(id),
    idea_ids      TEXT    NOT NULL, -- JSON: [{"idea_id", "votes"}]
    votes_removed INTEGER NOT NULL,
    reason        TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX integrity_log_challenge ON integrity_log(challenge_id, created_at);

-- When each challenge was last scanned, and the vote clock it had reached,
-- so the background scan looks only at challenges with new votes.
CREATE TABLE integrity_scans (
    challenge_id INTEGER PRIMARY KEY REFERENCES challenges(id),
    scanned_at   INTEGER NOT NULL,
    seen         INTEGER NOT NULL DEFAULT 0 -- store version (commit counter) or vote count seen
);
