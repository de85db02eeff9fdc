-- An account its person deleted (session 50): see ../096_account_deletion.sql.
ALTER TABLE users ADD COLUMN deleted_at BIGINT;
