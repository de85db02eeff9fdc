-- The list indexes become full indexes. A partial index makes SQLite mark
-- every parameter it compares against the index's condition as one that
-- affects the plan, so a statement on ideas is re-prepared whenever a bound
-- value changes: every vote (a new idea id) and every page (a new cursor).
-- Measured as about a tenth of a vote's CPU. Unlisted ideas (hidden, merged,
-- withdrawn) are few, so filtering them row by row costs little.
DROP INDEX ideas_top;
DROP INDEX ideas_hot;
DROP INDEX ideas_new;
CREATE INDEX ideas_top ON ideas(challenge_id, votes DESC, id DESC);
CREATE INDEX ideas_hot ON ideas(challenge_id, hot DESC, id DESC);
CREATE INDEX ideas_new ON ideas(challenge_id, id DESC);

DROP INDEX notifications_unread;
CREATE INDEX notifications_unread ON notifications(user_id, read_at);
