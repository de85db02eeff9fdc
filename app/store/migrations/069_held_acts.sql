-- Held acts besides votes (ratings, pairwise choices, "I'd buy it"),
-- counted by idea on the idea's page and by challenge on the integrity
-- page (store.HeldActs, heldTotals): held rows are few, so these indexes
-- are small and those counts read only them.
CREATE INDEX ratings_held ON ratings(challenge_id) WHERE held <> 0;
CREATE INDEX comparisons_held ON comparisons(challenge_id) WHERE held <> 0;
CREATE INDEX intents_held ON intents(challenge_id) WHERE held <> 0;
