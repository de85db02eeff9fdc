-- When the engineers first answered a tester's report (a reply, or marking
-- it addressed), for the answer times (workflow.SummariseAnswers). NULL
-- while the report waits, and for reports answered before this column:
-- their answer time was not kept, so they count as answered but untimed.
ALTER TABLE tester_feedback ADD COLUMN answered_at INTEGER;
