-- Fans following an idea: they hear of its project's moves like its voters.
CREATE TABLE follows (
    user_id    INTEGER NOT NULL REFERENCES users(id),
    idea_id    INTEGER NOT NULL REFERENCES ideas(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, idea_id)
) WITHOUT ROWID;
CREATE INDEX follows_idea ON follows(idea_id);
