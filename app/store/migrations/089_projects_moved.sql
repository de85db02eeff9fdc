-- The projects board's feed lists the projects most recently moved (a
-- stage, or a new engineer) first, a page at a time.
CREATE INDEX projects_moved ON projects(updated_at, id);

-- "My projects" on the projects board reads one engineer's projects.
CREATE INDEX projects_owner ON projects(owner_id, id);
