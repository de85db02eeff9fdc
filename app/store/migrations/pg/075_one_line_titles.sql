-- The same as ../075_one_line_titles.sql; PostgreSQL has chr for SQLite's
-- char, and reads the tags (a JSON array of strings, in TEXT) with its own
-- json functions, keeping their order (WITH ORDINALITY).
UPDATE challenges SET title = replace(replace(replace(replace(replace(title,
        chr(13) || chr(10), ' '), chr(10), ' '), chr(13), ' '), chr(8232), ' '), chr(8233), ' ')
    WHERE strpos(title, chr(10)) > 0 OR strpos(title, chr(13)) > 0
        OR strpos(title, chr(8232)) > 0 OR strpos(title, chr(8233)) > 0;
UPDATE ideas SET title = replace(replace(replace(replace(replace(title,
        chr(13) || chr(10), ' '), chr(10), ' '), chr(13), ' '), chr(8232), ' '), chr(8233), ' ')
    WHERE strpos(title, chr(10)) > 0 OR strpos(title, chr(13)) > 0
        OR strpos(title, chr(8232)) > 0 OR strpos(title, chr(8233)) > 0;
-- Only an array (text opening with '[') with an escape (a backslash,
-- chr(92)) or a raw U+2028/U+2029 is read; CASE keeps the cast to json off
-- every other row.
UPDATE ideas SET tags = (
        SELECT json_agg(replace(replace(replace(replace(replace(e.value,
            chr(13) || chr(10), ' '), chr(10), ' '), chr(13), ' '), chr(8232), ' '), chr(8233), ' ') ORDER BY e.n)::text
        FROM json_array_elements_text(ideas.tags::json) WITH ORDINALITY AS e(value, n))
    WHERE CASE WHEN left(ltrim(tags), 1) = '['
            AND (strpos(tags, chr(92)) > 0 OR strpos(tags, chr(8232)) > 0 OR strpos(tags, chr(8233)) > 0)
        THEN EXISTS (SELECT 1 FROM json_array_elements_text(ideas.tags::json) AS e(value)
            WHERE strpos(e.value, chr(10)) > 0 OR strpos(e.value, chr(13)) > 0
                OR strpos(e.value, chr(8232)) > 0 OR strpos(e.value, chr(8233)) > 0)
        ELSE false END;
