-- Email delivery of notifications. A job is written in the same transaction
-- as its notification, so an email can be late but never forgotten; the mail
-- worker claims due jobs, sends them and marks them sent. Nothing about
-- delivery lives only in memory, so a restart resumes where it stopped.
CREATE TABLE mail_jobs (
    id              INTEGER PRIMARY KEY,
    notification_id INTEGER NOT NULL UNIQUE REFERENCES notifications(id),
    attempts        INTEGER NOT NULL DEFAULT 0,  -- failed sends so far
    next_at         INTEGER NOT NULL,            -- not before this time
    claimed_at      INTEGER,                     -- a worker is sending it since
    sent_at         INTEGER,
    last_error      TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL
);
-- Jobs still to send, in due order. store.maxAttempts is the 10 here, and the
-- queries repeat this exact condition so that SQLite picks the partial index;
-- jobs that used up their attempts leave it and stop costing the claim scan.
CREATE INDEX mail_jobs_due ON mail_jobs(next_at, id)
    WHERE sent_at IS NULL AND attempts < 10;
