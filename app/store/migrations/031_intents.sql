-- One fan's "I'd buy it" for one design: how many, which options (a JSON
-- object of option name to value, checked against the challenge's by the
-- service), the most they would pay (one of the price bands, 0 for none).
-- Like votes, each keeps the vote-integrity signals (keyed hashes of the
-- network prefix and user agent, the account's age in seconds), dropped
-- with the votes' 90 days after the challenge closes.
CREATE TABLE intents (
    idea_id      INTEGER NOT NULL REFERENCES ideas(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    challenge_id INTEGER NOT NULL REFERENCES challenges(id),
    quantity     INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 10),
    options      TEXT NOT NULL,
    max_price    INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    net          INTEGER,
    ua           INTEGER,
    age          INTEGER,
    PRIMARY KEY (idea_id, user_id)
);
CREATE INDEX intents_user ON intents(user_id, challenge_id);
CREATE INDEX intents_challenge ON intents(challenge_id);
