-- Titles and tags are one line (domain.LineField): a challenge's or an
-- idea's title, or an idea's tag, stored with a line break before that rule
-- would refuse every later edit of it (the service validates the whole
-- challenge on a phase move, the whole idea on any edit). Each break (CR LF,
-- LF, CR, U+2028, U+2029) becomes a space; updated_at is left alone.
-- PostgreSQL's twin is pg/075_one_line_titles.sql (chr, json functions).
UPDATE challenges SET title = replace(replace(replace(replace(replace(title,
        char(13) || char(10), ' '), char(10), ' '), char(13), ' '), char(8232), ' '), char(8233), ' ')
    WHERE instr(title, char(10)) > 0 OR instr(title, char(13)) > 0
        OR instr(title, char(8232)) > 0 OR instr(title, char(8233)) > 0;
UPDATE ideas SET title = replace(replace(replace(replace(replace(title,
        char(13) || char(10), ' '), char(10), ' '), char(13), ' '), char(8232), ' '), char(8233), ' ')
    WHERE instr(title, char(10)) > 0 OR instr(title, char(13)) > 0
        OR instr(title, char(8232)) > 0 OR instr(title, char(8233)) > 0;
-- ideas.tags is a JSON array of strings, its breaks written as escapes
-- (\n, \r, \u2028 …): only an array with an escape (a backslash, char(92))
-- or a raw U+2028/U+2029 is read, each tag mended and the array written
-- again in its order. Text that is not a JSON array is left as it is.
UPDATE ideas SET tags = (
        SELECT json_group_array(replace(replace(replace(replace(replace(value,
            char(13) || char(10), ' '), char(10), ' '), char(13), ' '), char(8232), ' '), char(8233), ' ') ORDER BY key)
        FROM json_each(ideas.tags))
    WHERE (instr(tags, char(92)) > 0 OR instr(tags, char(8232)) > 0 OR instr(tags, char(8233)) > 0)
        AND CASE WHEN json_valid(tags) THEN CASE WHEN json_type(tags) = 'array' THEN
            EXISTS (SELECT 1 FROM json_each(ideas.tags) WHERE instr(value, char(10)) > 0 OR instr(value, char(13)) > 0
                OR instr(value, char(8232)) > 0 OR instr(value, char(8233)) > 0)
            ELSE 0 END ELSE 0 END;
