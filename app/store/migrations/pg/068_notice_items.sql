-- The same as ../068_notice_items.sql; PostgreSQL reads the ids from the
-- links with regular expressions (SQLite's CAST reads a number's prefix).
ALTER TABLE notifications ADD COLUMN idea_id BIGINT;
ALTER TABLE notifications ADD COLUMN comment_id BIGINT;
ALTER TABLE notifications ADD COLUMN challenge_id BIGINT;
UPDATE notifications SET idea_id = substring(url from '^/ideas/([0-9]{1,18})')::bigint
    WHERE url ~ '^/ideas/[0-9]' AND substring(url from '^/ideas/([0-9]{1,18})')::bigint > 0;
UPDATE notifications SET comment_id = substring(url from '#comment-([0-9]{1,18})')::bigint
    WHERE idea_id IS NOT NULL AND url ~ '#comment-[0-9]' AND substring(url from '#comment-([0-9]{1,18})')::bigint > 0;
UPDATE notifications SET idea_id = (SELECT p.idea_id FROM projects p
        WHERE p.id = substring(notifications.url from '^/projects/([0-9]{1,18})')::bigint)
    WHERE url ~ '^/projects/[0-9]';
UPDATE notifications SET challenge_id = substring(url from '^/challenges/([0-9]{1,18})')::bigint
    WHERE url ~ '^/challenges/[0-9]' AND substring(url from '^/challenges/([0-9]{1,18})')::bigint > 0;
