-- Vote integrity sees "I'd buy it" (#16 item 6): like a vote, a rating or a
-- comparison, an intent of a quarantined group is held out of its idea's
-- buyers and units (and the demand report) until an admin clears or
-- removes the group. Existing intents count.
ALTER TABLE intents ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
-- The scan's "anything new since the last scan?" reads each challenge's
-- newest intent change: one index probe.
CREATE INDEX intents_challenge_changed ON intents(challenge_id, updated_at);
