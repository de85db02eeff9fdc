-- An account its person deleted (session 50): when. Its personal data is
-- erased in the same write (store.DeleteAccount); the row stays, so that
-- the ideas, comments and credits others built on keep an author, shown
-- as a deleted user in each language (the name is left empty).
ALTER TABLE users ADD COLUMN deleted_at INTEGER;
