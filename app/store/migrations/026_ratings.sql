-- Stars (#16): one rating of 1-5 per fan per idea, changed or withdrawn while
-- voting is open. An idea's ratings and rating_sum count its ratings not
-- held for review, kept in the same transaction as the rating
-- (`cocreate check` proves they agree). rank_score is the measure sort=top
-- orders a stars or pairwise challenge by (domain.BayesianStars, or the
-- pairwise score). Ratings keep the same integrity signals as votes.
CREATE TABLE ratings (
    idea_id      INTEGER NOT NULL REFERENCES ideas(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    challenge_id INTEGER NOT NULL REFERENCES challenges(id),
    stars        INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    net          INTEGER,
    ua           INTEGER,
    age          INTEGER,
    held         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (idea_id, user_id)
);
CREATE INDEX ratings_user ON ratings(user_id, challenge_id);
CREATE INDEX ratings_challenge ON ratings(challenge_id, created_at);

ALTER TABLE ideas ADD COLUMN ratings INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN rating_sum INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN rank_score REAL NOT NULL DEFAULT 0;
CREATE INDEX ideas_rank ON ideas(challenge_id, rank_score DESC, id DESC);
