-- Accounts, challenges, ideas, votes and comments: the co-creation core.
-- Times are Unix milliseconds (UTC).

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    locale        TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
);

-- Every user is a fan; granted roles are rows here.
CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role    TEXT    NOT NULL CHECK (role IN ('judge', 'engineer', 'admin')),
    PRIMARY KEY (user_id, role)
) WITHOUT ROWID;

-- Personal access tokens; only a SHA-256 of the token is kept.
CREATE TABLE tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    hash         BLOB    NOT NULL UNIQUE,
    name         TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);
CREATE INDEX tokens_user ON tokens(user_id);

CREATE TABLE challenges (
    id                   INTEGER PRIMARY KEY,
    title                TEXT    NOT NULL,
    brief                TEXT    NOT NULL DEFAULT '',
    kind                 TEXT    NOT NULL CHECK (kind IN ('open_call', 'design_poll')),
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
    updated_at           INTEGER NOT NULL
);

CREATE TABLE ideas (
    id           INTEGER PRIMARY KEY,
    challenge_id INTEGER NOT NULL REFERENCES challenges(id),
    author_id    INTEGER NOT NULL REFERENCES users(id),
    title        TEXT    NOT NULL,
    summary      TEXT    NOT NULL DEFAULT '',
    body         TEXT    NOT NULL DEFAULT '',
    tags         TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
    state        TEXT    NOT NULL DEFAULT 'submitted' CHECK (state IN
                   ('submitted', 'shortlisted', 'winner', 'not_selected', 'hidden', 'merged', 'withdrawn')),
    merged_into  INTEGER REFERENCES ideas(id),
    -- votes and comments are counters kept in the same transaction as the rows
    -- they count; `cocreate check` proves they agree. hot is domain.HotScore.
    votes        INTEGER NOT NULL DEFAULT 0 CHECK (votes >= 0),
    comments     INTEGER NOT NULL DEFAULT 0 CHECK (comments >= 0),
    hot          REAL    NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
-- The list orders, over listed states only (domain.State.Listed); queries
-- repeat this exact condition so SQLite picks the partial index.
CREATE INDEX ideas_top ON ideas(challenge_id, votes DESC, id DESC)
    WHERE state IN ('submitted', 'shortlisted', 'winner', 'not_selected');
CREATE INDEX ideas_hot ON ideas(challenge_id, hot DESC, id DESC)
    WHERE state IN ('submitted', 'shortlisted', 'winner', 'not_selected');
CREATE INDEX ideas_new ON ideas(challenge_id, id DESC)
    WHERE state IN ('submitted', 'shortlisted', 'winner', 'not_selected');
CREATE INDEX ideas_author ON ideas(author_id, challenge_id);

CREATE TABLE idea_images (
    id       INTEGER PRIMARY KEY,
    idea_id  INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    file     TEXT    NOT NULL,
    width    INTEGER NOT NULL,
    height   INTEGER NOT NULL,
    position INTEGER NOT NULL
);
CREATE INDEX idea_images_idea ON idea_images(idea_id, position);

-- Every state change of an idea: who, when and why.
CREATE TABLE idea_events (
    id         INTEGER PRIMARY KEY,
    idea_id    INTEGER NOT NULL REFERENCES ideas(id),
    actor_id   INTEGER REFERENCES users(id),
    from_state TEXT    NOT NULL DEFAULT '',
    to_state   TEXT    NOT NULL,
    reason     TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX idea_events_idea ON idea_events(idea_id, id);

-- One person, one idea, one vote: the primary key is the rule.
CREATE TABLE votes (
    idea_id      INTEGER NOT NULL REFERENCES ideas(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    challenge_id INTEGER NOT NULL REFERENCES challenges(id),
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (idea_id, user_id)
) WITHOUT ROWID;
CREATE INDEX votes_user ON votes(user_id, challenge_id);
CREATE INDEX votes_challenge_time ON votes(challenge_id, created_at);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    idea_id    INTEGER NOT NULL REFERENCES ideas(id),
    author_id  INTEGER NOT NULL REFERENCES users(id),
    body       TEXT    NOT NULL,
    official   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX comments_idea ON comments(idea_id, id);

-- Searchable changes waiting for the indexer, written in the same transaction
-- as the change; the indexer deletes a row only once Bleve has it.
CREATE TABLE search_outbox (
    id         INTEGER PRIMARY KEY,
    doc_type   TEXT    NOT NULL,
    doc_id     INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
