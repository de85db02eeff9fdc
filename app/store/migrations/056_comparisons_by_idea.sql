-- An idea's comparisons by either side (#16): a merge moves a duplicate's
-- comparisons and recounts every idea it was compared with, and a vote
-- integrity hold recounts the ideas its members compared; without these,
-- each recount scanned the whole table inside the writer's transaction
-- (3.5 s for a merge in a challenge of 100,000 comparisons). Covering the
-- counts' columns, so a recount reads only the index.
CREATE INDEX comparisons_low ON comparisons(low_id, held, winner_id);
CREATE INDEX comparisons_high ON comparisons(high_id, held, winner_id);
