-- How each challenge's shortlist was last made (judging.Basis as JSON): the
-- top N asked for, the ideas on it for their votes, the organiser's picks
-- and removals. The public results page says what actually happened from it.
CREATE TABLE shortlist_bases (
    challenge_id INTEGER PRIMARY KEY REFERENCES challenges(id),
    basis        TEXT    NOT NULL,
    decided_by   INTEGER REFERENCES users(id),
    decided_at   INTEGER NOT NULL
);
