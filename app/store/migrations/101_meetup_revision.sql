-- A meetup's revision (session 51): 0 as posted, one more at each change
-- its organisers make (an edit, the cancellation). Its calendar file
-- carries it as SEQUENCE: a calendar replaces an event it imported only
-- by one of a higher SEQUENCE (RFC 5546), so a moved meetup moves there.
ALTER TABLE club_events ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
