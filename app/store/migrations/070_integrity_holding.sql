-- holding = 1: the group was quarantined, or gained members, with more
-- acts than one write should hold, and some of its members' acts may not
-- be held yet; 2: it was cleared with as many, and some may not be
-- released yet. The hold (release) goes on a range of ideas a write
-- (Store.FinishHolds) and its last write sets it back to 0; a crash or a
-- stop between two writes leaves it set, and the next FinishHolds (after
-- each scan and decision, and at every integrity tick, so after a start)
-- finishes it. A removal sets it to 0. (No index: a table of few rows.)
ALTER TABLE integrity_groups ADD COLUMN holding INTEGER NOT NULL DEFAULT 0;
