-- A comment may answer one of its idea's project updates (a progress post or
-- a stage move on the project's timeline). It stays in the idea's one
-- thread (moderation, official reply times, notices, search); the project
-- page shows each update's comments under it.
ALTER TABLE comments ADD COLUMN update_id INTEGER REFERENCES project_updates(id);
-- An update's comments not hidden, newest first, and their count, from the
-- index alone (store.UpdateComments).
CREATE INDEX comments_update ON comments(update_id, hidden, id) WHERE update_id IS NOT NULL;
