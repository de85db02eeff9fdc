-- vouched: how many of an item's reporters since the last decision had a
-- confirmed account (domain.Vouches): only they count towards hiding it at
-- once (domain.AutoHide), so fresh accounts made in a burst cannot hide
-- what they like. Every report still reaches the moderators' queue. The
-- reports open when this was added keep counting as they did.
ALTER TABLE moderation_items ADD COLUMN vouched INTEGER NOT NULL DEFAULT 0;
UPDATE moderation_items SET vouched = reports;
