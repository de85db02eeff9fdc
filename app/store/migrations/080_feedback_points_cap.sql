-- Addressed test reports earn points for the first five of one tester's
-- reports on one project only (people.FeedbackCap, 5 when this was
-- written): before, every addressed report earned 5 points. The reports
-- already recorded past the cap, oldest report first as people.PricedFeedback
-- counts them, are priced again at nothing, so that totals, levels, boards
-- and badges follow the rule for everyone, not only for reports addressed
-- from now on. The events stay: the reports were addressed.
UPDATE reputation_events SET points = 0 WHERE id IN (
    SELECT id FROM (
        SELECT r.id, ROW_NUMBER() OVER (PARTITION BY r.user_id, f.project_id ORDER BY r.created_at, r.ref_id) AS n
        FROM reputation_events r JOIN tester_feedback f ON f.id = r.ref_id
        WHERE r.kind = 'feedback_accepted' AND r.points > 0
    ) capped WHERE n > 5
);
