-- Fans' public profiles, reputation and honour badges (issue #17 items 3-4).

-- A profile's optional city and short bio (people.MaxCity, people.MaxBio).
ALTER TABLE users ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN bio TEXT NOT NULL DEFAULT '';

-- An engineer (or admin) may mark a comment helpful: who and when.
ALTER TABLE comments ADD COLUMN helpful_by INTEGER REFERENCES users(id);
ALTER TABLE comments ADD COLUMN helpful_at INTEGER;
CREATE INDEX comments_helpful ON comments(author_id) WHERE helpful_at IS NOT NULL;

-- Every reason a fan earned points: the kind (people.Kind), what it was
-- about (ref_id: the idea, project, feedback, comment, report or meetup),
-- the challenge it belongs to (NULL: none, e.g. a meetup) and the points
-- the rule table gave it. A fan earns each (kind, ref) once.
CREATE TABLE reputation_events (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    kind         TEXT    NOT NULL,
    ref_id       INTEGER NOT NULL,
    challenge_id INTEGER REFERENCES challenges(id),
    points       INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (user_id, kind, ref_id)
);
CREATE INDEX reputation_events_time ON reputation_events(created_at);
CREATE INDEX reputation_events_challenge ON reputation_events(challenge_id, created_at);

-- Honour badges given by hand (badges by rule are derived from the events).
CREATE TABLE user_badges (
    user_id    INTEGER NOT NULL REFERENCES users(id),
    badge      TEXT    NOT NULL,
    awarded_by INTEGER REFERENCES users(id),
    awarded_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, badge)
);
