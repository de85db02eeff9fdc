-- Every status move: who, when, from what to what, with which response.
-- The reply-time dashboard counts a move with a response as an official
-- reply.
CREATE TABLE idea_statuses (
    id          INTEGER PRIMARY KEY,
    idea_id     INTEGER NOT NULL REFERENCES ideas(id),
    actor_id    INTEGER NOT NULL REFERENCES users(id),
    from_status TEXT    NOT NULL,
    to_status   TEXT    NOT NULL,
    response    TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);
CREATE INDEX idea_statuses_idea ON idea_statuses(idea_id, id);
