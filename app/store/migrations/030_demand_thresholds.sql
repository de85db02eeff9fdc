-- "I'd buy it" and supporter thresholds (#16 items 4 and 5; API.md "Voting
-- methods and demand"). A design poll's buying options (a JSON object of
-- option name to values, '' for none) and price bands (a JSON array of
-- whole prices, '' for none); an open call's supporter threshold and the
-- days an idea has to reach it (0: none).
ALTER TABLE challenges ADD COLUMN buy_options TEXT NOT NULL DEFAULT '';
ALTER TABLE challenges ADD COLUMN price_bands TEXT NOT NULL DEFAULT '';
ALTER TABLE challenges ADD COLUMN support_threshold INTEGER NOT NULL DEFAULT 0;
ALTER TABLE challenges ADD COLUMN threshold_days INTEGER NOT NULL DEFAULT 0;
-- An idea's intents tallied (buyers: fans, units: the quantities summed),
-- written in the same transaction as the intent; when it reached the
-- supporter threshold; when an admin marked the design for production.
ALTER TABLE ideas ADD COLUMN buyers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN units INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN qualified_at INTEGER;
ALTER TABLE ideas ADD COLUMN production_at INTEGER;
