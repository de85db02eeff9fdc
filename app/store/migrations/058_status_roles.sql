-- The role a board post's status was set in (domain.AnsweredAs), kept with
-- the move so the post's public history names the brand's role, never the
-- engineer; '' for moves recorded before.
ALTER TABLE idea_statuses ADD COLUMN actor_role TEXT NOT NULL DEFAULT '';
