-- Whether a comment is its writer's first on an idea (the first follows
-- the idea, domain.CommentFollows): one index probe, not a walk of every
-- comment on a busy idea.
CREATE INDEX comments_author_idea ON comments(author_id, idea_id);
