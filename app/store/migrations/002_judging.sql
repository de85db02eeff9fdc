-- Judging: rubrics, judges' assignments and scorecards; and the in-app
-- notifications that judging and the prototype workflow send.

-- One rubric per challenge; criteria is a JSON array of
-- {"key","name","weight","min","max"} (judging.Criterion).
CREATE TABLE rubrics (
    challenge_id   INTEGER PRIMARY KEY REFERENCES challenges(id),
    criteria       TEXT    NOT NULL,
    crowd_weight   REAL    NOT NULL DEFAULT 0.3 CHECK (crowd_weight >= 0 AND crowd_weight <= 1),
    blind          INTEGER NOT NULL DEFAULT 1,
    exclude_voters INTEGER NOT NULL DEFAULT 0,
    updated_at     INTEGER NOT NULL
);

CREATE TABLE judge_assignments (
    challenge_id INTEGER NOT NULL REFERENCES challenges(id),
    judge_id     INTEGER NOT NULL REFERENCES users(id),
    idea_id      INTEGER NOT NULL REFERENCES ideas(id),
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (judge_id, idea_id)
) WITHOUT ROWID;
CREATE INDEX judge_assignments_challenge ON judge_assignments(challenge_id, idea_id);

-- A judge's scores for one idea; scores is a JSON object criterion key → score.
CREATE TABLE scorecards (
    judge_id   INTEGER NOT NULL REFERENCES users(id),
    idea_id    INTEGER NOT NULL REFERENCES ideas(id),
    scores     TEXT    NOT NULL,
    comment    TEXT    NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (judge_id, idea_id)
) WITHOUT ROWID;
CREATE INDEX scorecards_idea ON scorecards(idea_id);

-- Notifications keep a kind and its arguments, not text: the text is made
-- in the reader's language when they read it.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    kind       TEXT    NOT NULL,
    args       TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
    url        TEXT    NOT NULL,
    read_at    INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX notifications_user ON notifications(user_id, id DESC);
CREATE INDEX notifications_unread ON notifications(user_id) WHERE read_at IS NULL;
