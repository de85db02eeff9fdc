-- The moderation queue's pages (store.ModerationQueuePage, session 54)
-- are read in an order made total by the item: the reported part by
-- reports, updated_at, item_type, item_id, all descending; the reviews by
-- updated_at, item_type, item_id. The indexes carried only the first two
-- (the first one) of those, so each engine sorted the ties of a page
-- (SQLite: a temporary B-tree for the order's right part; PostgreSQL: an
-- incremental sort) and tested the cursor's item on each row read. With
-- the item in them, a page is read from its index in order, starting at
-- the cursor (the whole row value is the index's condition), and stops
-- after its 201 rows (store.queuePageQuery; TestModq55QueuePageWalksItsIndex).
DROP INDEX moderation_queue;
CREATE INDEX moderation_queue ON moderation_items(reports DESC, updated_at DESC, item_type DESC, item_id DESC) WHERE open = 1;
DROP INDEX moderation_reviews;
CREATE INDEX moderation_reviews ON moderation_items(updated_at, item_type, item_id) WHERE open = 1 AND review_requested = 1;
