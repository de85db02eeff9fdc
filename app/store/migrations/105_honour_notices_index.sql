-- The honours a fan was told of (session 52) are read inside every write
-- that gives them points (store.honourChange): by this index, not by all
-- of the fan's notices. Its kinds are domain.NoticeBadge,
-- NoticeBadgeEarned and NoticeLevelUp, written out in the query as here.
CREATE INDEX notifications_honours ON notifications(user_id) WHERE kind IN ('badge', 'badge_earned', 'level_up');
