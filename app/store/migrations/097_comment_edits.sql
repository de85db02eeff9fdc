-- A fan edits or deletes their own comment (session 50). edited_at: when
-- its words last changed (NULL: never). deleted_at: its author deleted it;
-- its words are gone (body ''), its place in the thread stays as a
-- placeholder so later comments keep their context, and neither the
-- idea's tally, search, a project update's count nor a notice counts it.
ALTER TABLE comments ADD COLUMN edited_at INTEGER;
ALTER TABLE comments ADD COLUMN deleted_at INTEGER;

-- A project update's comments still shown, from the index alone: a
-- deleted one leaves it as a hidden one is skipped by it.
DROP INDEX comments_update;
CREATE INDEX comments_update ON comments(update_id, hidden, id) WHERE update_id IS NOT NULL AND deleted_at IS NULL;
