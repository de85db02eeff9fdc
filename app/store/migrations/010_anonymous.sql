-- A challenge may hide every author from everyone but admins until its
-- results are published (API.md: Challenge.anonymous_until_results).
ALTER TABLE challenges ADD COLUMN anonymous_until_results INTEGER NOT NULL DEFAULT 0;
