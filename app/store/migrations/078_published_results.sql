-- Each challenge's results as published (judging.Published as JSON: the
-- ranking with its figures, Kendall's W, the rubric, the shortlist's basis
-- and the ranked ideas' crowd tallies), saved in the transaction that
-- publishes. The results page and API serve this copy, so nothing done
-- after publication moves a published result. A challenge published
-- before this table existed gets its copy at its results' first read.
CREATE TABLE published_results (
    challenge_id INTEGER PRIMARY KEY REFERENCES challenges(id),
    results      TEXT    NOT NULL,
    saved_at     INTEGER NOT NULL
);
