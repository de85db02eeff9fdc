-- A meetup its organisers called off (session 49): when, by whom and why.
-- cancelled_at NULL: the meetup stands. A cancelled meetup stays readable,
-- takes no answers or check-ins, and does not count among a club's open
-- meetups (people.MaxOpenMeetups).
ALTER TABLE club_events ADD COLUMN cancelled_at INTEGER;
ALTER TABLE club_events ADD COLUMN cancelled_by INTEGER REFERENCES users(id);
ALTER TABLE club_events ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
