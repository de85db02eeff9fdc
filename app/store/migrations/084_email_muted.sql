-- The groups of notification emails a person turned off one by one
-- (domain.EmailGroups), comma-joined, '' for none; email_notices still
-- turns them all off. Each notice's email asks both (domain.MailsFor),
-- at the notice and again at the send.
ALTER TABLE users ADD COLUMN email_muted TEXT NOT NULL DEFAULT '';
