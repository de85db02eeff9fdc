-- PostgreSQL twin of ../083_feedback_photo.sql (the same columns: a
-- tester's report's one photo, '' for none, and its size in pixels).
ALTER TABLE tester_feedback ADD COLUMN photo TEXT NOT NULL DEFAULT '';
ALTER TABLE tester_feedback ADD COLUMN photo_width BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tester_feedback ADD COLUMN photo_height BIGINT NOT NULL DEFAULT 0;
CREATE INDEX tester_feedback_photo ON tester_feedback (photo) WHERE photo <> '';
