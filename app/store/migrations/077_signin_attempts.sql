-- Password checks of an account since its last success (domain.SignInAttempt),
-- counted in the database so that every node sees them: guesses at one
-- account from many addresses, or through many nodes, meet one limit. A
-- row exists only for an account checked since its last success (a
-- success deletes it); an unknown email makes none. last_at is the latest
-- check's time in Unix milliseconds, as every time column.
CREATE TABLE signin_attempts (
    user_id  INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    attempts INTEGER NOT NULL,
    last_at  INTEGER NOT NULL
) WITHOUT ROWID;
