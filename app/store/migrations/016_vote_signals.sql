-- Vote integrity (DESIGN §8). Every vote keeps the signals needed to judge it
-- later, written in the vote's own INSERT: the client's network (an /24 or
-- /48 prefix) and user agent, each as a keyed hash (never the raw address),
-- and the account's age in seconds when it voted. They are set to NULL 90
-- days after the challenge closes. held is 1 while the vote's group is
-- quarantined: such a vote counts in ideas.votes_under_review, not in
-- ideas.votes, so votes + votes_under_review is always the rows stored.
ALTER TABLE votes ADD COLUMN net INTEGER;
ALTER TABLE votes ADD COLUMN ua INTEGER;
ALTER TABLE votes ADD COLUMN age INTEGER;
ALTER TABLE votes ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN votes_under_review INTEGER NOT NULL DEFAULT 0;
