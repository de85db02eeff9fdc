-- Who may submit ideas to a challenge: any signed-in fan, or only
-- confirmed accounts (as voters, 012).
ALTER TABLE challenges ADD COLUMN submitters TEXT NOT NULL DEFAULT 'signed_in'
    CHECK (submitters IN ('signed_in', 'verified'));
