-- Reports and moderation (DESIGN §8). Fans report ideas and comments; past
-- a challenge's report_threshold of distinct reporters the item is hidden at
-- once and waits for a moderator; every decision is recorded.

-- A comment can be hidden; the idea's comment counter counts the others.
ALTER TABLE comments ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;

-- One report per fan per item: the unique key is the rule.
CREATE TABLE reports (
    id          INTEGER PRIMARY KEY,
    item_type   TEXT    NOT NULL CHECK (item_type IN ('idea', 'comment')),
    item_id     INTEGER NOT NULL,
    reporter_id INTEGER NOT NULL REFERENCES users(id),
    reason      TEXT    NOT NULL CHECK (reason IN ('spam', 'abuse', 'off_topic', 'duplicate', 'other')),
    note        TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    UNIQUE (item_type, item_id, reporter_id)
);

-- An item's moderation standing. open: waiting for a moderator. reports:
-- distinct reporters since the last decision (reports with id > since).
-- prev_state: an idea's state before moderation hid it, to restore.
CREATE TABLE moderation_items (
    item_type        TEXT    NOT NULL CHECK (item_type IN ('idea', 'comment')),
    item_id          INTEGER NOT NULL,
    challenge_id     INTEGER NOT NULL REFERENCES challenges(id),
    author_id        INTEGER NOT NULL REFERENCES users(id),
    open             INTEGER NOT NULL DEFAULT 1,
    reports          INTEGER NOT NULL DEFAULT 0,
    since            INTEGER NOT NULL DEFAULT 0,
    hidden           INTEGER NOT NULL DEFAULT 0,
    auto_hidden      INTEGER NOT NULL DEFAULT 0,
    review_requested INTEGER NOT NULL DEFAULT 0,
    prev_state       TEXT    NOT NULL DEFAULT '',
    updated_at       INTEGER NOT NULL,
    PRIMARY KEY (item_type, item_id)
);
CREATE INDEX moderation_queue ON moderation_items(reports DESC, updated_at DESC) WHERE open = 1;

-- Every decision: who (NULL: the report threshold), when, why.
CREATE TABLE moderation_decisions (
    id         INTEGER PRIMARY KEY,
    item_type  TEXT    NOT NULL,
    item_id    INTEGER NOT NULL,
    actor_id   INTEGER REFERENCES users(id),
    action     TEXT    NOT NULL CHECK (action IN ('auto_hide', 'hide', 'restore', 'dismiss', 'review')),
    reason     TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX moderation_decisions_item ON moderation_decisions(item_type, item_id, id);
