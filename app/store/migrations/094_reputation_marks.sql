-- The points of helpful marks and addressed test reports, found by what
-- earned them: each sync takes back those whose mark or tick was taken
-- back (store.unfoundedPoints), which must not scan every reason of
-- everyone.
CREATE INDEX reputation_events_helpful ON reputation_events(ref_id) WHERE kind = 'comment_helpful';
CREATE INDEX reputation_events_feedback ON reputation_events(ref_id) WHERE kind = 'feedback_accepted';

-- Honour the brand's own designs never earned (session 49): a design
-- poll's candidates, which staff post, and ideas of a challenge's own
-- organiser, earned their poster points for a shortlist, a win or a
-- launch that the facts no longer give (store.fansIdea).
DELETE FROM reputation_events WHERE kind IN ('idea_shortlisted', 'idea_won') AND ref_id IN (
	SELECT i.id FROM ideas i JOIN challenges c ON c.id = i.challenge_id
	WHERE c.kind = 'design_poll' OR i.author_id = c.organiser_id);
DELETE FROM reputation_events WHERE kind = 'project_launched' AND ref_id IN (
	SELECT p.id FROM projects p JOIN ideas i ON i.id = p.idea_id JOIN challenges c ON c.id = i.challenge_id
	WHERE c.kind = 'design_poll' OR i.author_id = c.organiser_id);
