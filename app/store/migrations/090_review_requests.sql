-- The moderation queue's reviews authors asked for, the longest waiting
-- first (a decision resets an item's reports to 0, so in the queue by
-- reports a request sank below every reported item).
CREATE INDEX moderation_reviews ON moderation_items(updated_at) WHERE open = 1 AND review_requested = 1;
