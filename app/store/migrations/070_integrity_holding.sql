-- holding = 1: the group was quarantined, or gained members, with more
-- acts than one write holds, and some of its members' acts may not be held
-- yet. The hold goes on a range of ideas a write (Store.FinishHolds) and
-- the last write sets it back to 0; a crash or a stop between two writes
-- leaves it at 1, and the next FinishHolds (every integrity tick, and so at
-- start-up) finishes the hold. A decision on the group sets it to 0.
ALTER TABLE integrity_groups ADD COLUMN holding INTEGER NOT NULL DEFAULT 0;
CREATE INDEX integrity_groups_holding ON integrity_groups(holding) WHERE holding <> 0;
