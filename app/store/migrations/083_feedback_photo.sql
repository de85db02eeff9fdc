-- One photo a tester may attach to a report (what they see: a door that
-- does not close, a leak), stored as an idea's photos are (images.Dir):
-- its file name ('' for none) and size in pixels. Served at /uploads/ only
-- to those who may read the project's reports (service.Upload).
ALTER TABLE tester_feedback ADD COLUMN photo TEXT NOT NULL DEFAULT '';
ALTER TABLE tester_feedback ADD COLUMN photo_width INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tester_feedback ADD COLUMN photo_height INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tester_feedback_photo ON tester_feedback (photo) WHERE photo <> '';
