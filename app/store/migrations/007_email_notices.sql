-- Whether a person also gets their notifications by email (1, the default)
-- or only in the app (0). Turning it off also drops the emails still owed.
ALTER TABLE users ADD COLUMN email_notices INTEGER NOT NULL DEFAULT 1;
