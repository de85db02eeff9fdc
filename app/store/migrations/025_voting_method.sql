-- How fans vote in a challenge (API.md: Challenge.voting_method): support
-- (one vote per idea, within a budget), stars (1-5) or pairwise ("which of
-- these two?"). The domain checks the value (domain.ParseMethod).
ALTER TABLE challenges ADD COLUMN voting_method TEXT NOT NULL DEFAULT 'support';
