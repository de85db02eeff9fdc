-- "Forgot password" requests. The link's token is an HMAC of the row's id
-- and user under the installation's mail key (mail.ResetToken), so nothing
-- secret is stored: a reset is valid until expires_at and used once.
CREATE TABLE password_resets (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX password_resets_user ON password_resets(user_id, created_at);
