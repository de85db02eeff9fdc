-- The points of upheld reports, found by report: each sync takes back
-- those whose report no decision upholds any more (store.unfoundedPoints, after
-- a restore or a dismiss), which must not scan every reason of everyone.
CREATE INDEX reputation_events_reports ON reputation_events(ref_id) WHERE kind = 'report_upheld';
