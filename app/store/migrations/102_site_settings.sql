-- The brand's own name and logo for its site (session 51): one row, id 1,
-- written by an admin (none until the first save: the pages then say the
-- translations' site.name). An empty name falls back to site.name in that
-- language; logo is an upload's file name ('' for none), with its size.
-- In the database, not a file or a flag, so that every node of a
-- PostgreSQL installation says the same name.
CREATE TABLE site_settings (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    name_zh TEXT NOT NULL DEFAULT '',
    name_en TEXT NOT NULL DEFAULT '',
    logo TEXT NOT NULL DEFAULT '',
    logo_width INTEGER NOT NULL DEFAULT 0,
    logo_height INTEGER NOT NULL DEFAULT 0,
    updated_by INTEGER NOT NULL DEFAULT 0, -- the admin who saved it last (an id, no reference: accounts may go)
    updated_at INTEGER NOT NULL DEFAULT 0
);
