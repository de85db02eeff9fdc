-- Pairwise (#16): each answer of a fan to "which of these two?", once per
-- fan and pair (low_id < high_id are the two ideas; winner_id is NULL for a
-- skip). The unique key makes a pair token single-use and keeps a fan from
-- judging a pair twice. An idea's comparisons and wins count its answered
-- (not skipped, not held) comparisons, in the same transaction as the
-- answer. score and score_sd are the Bradley-Terry fit (0-100), written by
-- the refit beside the request path; rank_score follows score.
CREATE TABLE comparisons (
    id           INTEGER PRIMARY KEY,
    challenge_id INTEGER NOT NULL REFERENCES challenges(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    low_id       INTEGER NOT NULL REFERENCES ideas(id),
    high_id      INTEGER NOT NULL REFERENCES ideas(id),
    winner_id    INTEGER REFERENCES ideas(id),
    created_at   INTEGER NOT NULL,
    net          INTEGER,
    ua           INTEGER,
    age          INTEGER,
    held         INTEGER NOT NULL DEFAULT 0,
    UNIQUE (user_id, challenge_id, low_id, high_id)
);
CREATE INDEX comparisons_challenge ON comparisons(challenge_id, id);

ALTER TABLE ideas ADD COLUMN comparisons INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN wins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN score REAL NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN score_sd REAL NOT NULL DEFAULT 0;
