-- cocreate:foreign_keys=off
-- Second round: a challenge may be a board (always open, no phases: #17) and an
-- idea may be expired (it missed its supporter threshold: #16). SQLite cannot
-- change a CHECK constraint, so both tables are rebuilt by SQLite's documented
-- procedure (https://www.sqlite.org/lang_altertable.html#otheralter): the
-- migration runs with foreign keys off and proves them with foreign_key_check
-- before it commits (see migrate). Columns keep their order and defaults.

CREATE TABLE challenges_rebuilt (
    id                   INTEGER PRIMARY KEY,
    title                TEXT    NOT NULL,
    brief                TEXT    NOT NULL DEFAULT '',
    kind                 TEXT    NOT NULL CHECK (kind IN ('open_call', 'design_poll', 'board')),
    cover                TEXT    NOT NULL DEFAULT '',
    organiser_id         INTEGER NOT NULL REFERENCES users(id),
    submissions_open_at  INTEGER,
    submissions_close_at INTEGER,
    voting_open_at       INTEGER,
    voting_close_at      INTEGER,
    results_at           INTEGER,
    closed_at            INTEGER,
    ideas_per_fan        INTEGER NOT NULL DEFAULT 0 CHECK (ideas_per_fan >= 0),
    vote_budget          INTEGER NOT NULL DEFAULT 0 CHECK (vote_budget >= 0),
    shortlist_size       INTEGER NOT NULL DEFAULT 10 CHECK (shortlist_size >= 0),
    winners              INTEGER NOT NULL DEFAULT 3 CHECK (winners >= 0),
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    anonymous_until_results INTEGER NOT NULL DEFAULT 0,
    voters               TEXT    NOT NULL DEFAULT 'signed_in' CHECK (voters IN ('signed_in', 'verified')),
    report_threshold     INTEGER NOT NULL DEFAULT 3 CHECK (report_threshold >= 0)
);
INSERT INTO challenges_rebuilt (id, title, brief, kind, cover, organiser_id,
    submissions_open_at, submissions_close_at, voting_open_at, voting_close_at,
    results_at, closed_at, ideas_per_fan, vote_budget, shortlist_size, winners,
    created_at, updated_at, anonymous_until_results, voters, report_threshold)
SELECT id, title, brief, kind, cover, organiser_id,
    submissions_open_at, submissions_close_at, voting_open_at, voting_close_at,
    results_at, closed_at, ideas_per_fan, vote_budget, shortlist_size, winners,
    created_at, updated_at, anonymous_until_results, voters, report_threshold
FROM challenges;
DROP TABLE challenges;
ALTER TABLE challenges_rebuilt RENAME TO challenges;

CREATE TABLE ideas_rebuilt (
    id           INTEGER PRIMARY KEY,
    challenge_id INTEGER NOT NULL REFERENCES challenges(id),
    author_id    INTEGER NOT NULL REFERENCES users(id),
    title        TEXT    NOT NULL,
    summary      TEXT    NOT NULL DEFAULT '',
    body         TEXT    NOT NULL DEFAULT '',
    tags         TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
    state        TEXT    NOT NULL DEFAULT 'submitted' CHECK (state IN
                   ('submitted', 'shortlisted', 'winner', 'not_selected', 'hidden', 'merged', 'withdrawn', 'expired')),
    merged_into  INTEGER REFERENCES ideas(id),
    -- votes and comments are counters kept in the same transaction as the rows
    -- they count; `cocreate check` proves they agree. hot is domain.HotScore.
    votes        INTEGER NOT NULL DEFAULT 0 CHECK (votes >= 0),
    comments     INTEGER NOT NULL DEFAULT 0 CHECK (comments >= 0),
    hot          REAL    NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    votes_under_review INTEGER NOT NULL DEFAULT 0
);
INSERT INTO ideas_rebuilt (id, challenge_id, author_id, title, summary, body, tags,
    state, merged_into, votes, comments, hot, created_at, updated_at, votes_under_review)
SELECT id, challenge_id, author_id, title, summary, body, tags,
    state, merged_into, votes, comments, hot, created_at, updated_at, votes_under_review
FROM ideas;
DROP TABLE ideas;
ALTER TABLE ideas_rebuilt RENAME TO ideas;
CREATE INDEX ideas_author ON ideas(author_id, challenge_id);
CREATE INDEX ideas_top ON ideas(challenge_id, votes DESC, id DESC);
CREATE INDEX ideas_hot ON ideas(challenge_id, hot DESC, id DESC);
CREATE INDEX ideas_new ON ideas(challenge_id, id DESC);
