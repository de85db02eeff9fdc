-- Boards (#17): a board post's public status and the brand's official
-- response, kept on the idea (every idea has one; only a board's change).
-- status_at is when the status or response last changed (NULL: never).
-- Only columns and indexes of ideas here (new tables are in 036), so that
-- replaying 024's rebuild and then this file restores the same schema.
ALTER TABLE ideas ADD COLUMN status TEXT NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'under_review', 'planned', 'in_progress', 'done', 'declined'));
ALTER TABLE ideas ADD COLUMN response TEXT NOT NULL DEFAULT '';
ALTER TABLE ideas ADD COLUMN status_at INTEGER;

-- A board filtered by status, newest first (other orders sort this slice).
CREATE INDEX ideas_board_status ON ideas(challenge_id, status, id DESC)
    WHERE state IN ('submitted', 'shortlisted', 'winner', 'not_selected');
-- The roadmap: posts on it, by column, most recently moved first.
CREATE INDEX ideas_roadmap ON ideas(status, status_at DESC)
    WHERE status IN ('planned', 'in_progress', 'done');
