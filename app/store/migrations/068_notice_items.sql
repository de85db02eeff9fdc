-- What each notice is about (domain.NoticeAboutOf, read from its link when
-- it is written), so the notice list and the unread badge can ask whether
-- the reader may still see it in the query that reads them: the idea (a
-- project's notice: the project's idea), the comment, the challenge (a
-- notice about a challenge alone). Notices written before are read from
-- their links here.
ALTER TABLE notifications ADD COLUMN idea_id INTEGER;
ALTER TABLE notifications ADD COLUMN comment_id INTEGER;
ALTER TABLE notifications ADD COLUMN challenge_id INTEGER;
UPDATE notifications SET idea_id = CAST(substr(url, 8) AS INTEGER)
    WHERE url LIKE '/ideas/%' AND CAST(substr(url, 8) AS INTEGER) > 0;
UPDATE notifications SET comment_id = CAST(substr(url, instr(url, '#comment-') + 9) AS INTEGER)
    WHERE idea_id IS NOT NULL AND url LIKE '%#comment-%' AND CAST(substr(url, instr(url, '#comment-') + 9) AS INTEGER) > 0;
UPDATE notifications SET idea_id = (SELECT p.idea_id FROM projects p WHERE p.id = CAST(substr(notifications.url, 11) AS INTEGER))
    WHERE url LIKE '/projects/%';
UPDATE notifications SET challenge_id = CAST(substr(url, 13) AS INTEGER)
    WHERE url LIKE '/challenges/%' AND CAST(substr(url, 13) AS INTEGER) > 0;
