-- How many reports one account sent in the last day (domain.ReportsPerDay,
-- domain.VouchedPerDay): one index range, read in each report's write.
CREATE INDEX reports_reporter ON reports(reporter_id, created_at);
