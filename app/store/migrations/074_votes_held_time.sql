-- The votes per day leave held votes out (Store.VotesPerDay): the day's
-- votes come from votes_challenge_time alone (a covering index), and the
-- few held ones, subtracted, from this one, which holds nothing else.
CREATE INDEX votes_held_time ON votes(challenge_id, created_at) WHERE held = 1;
