-- Each stage has milestones with due dates (DESIGN): the stage a milestone
-- belongs to; '' for one set before milestones had stages.
ALTER TABLE milestones ADD COLUMN stage TEXT NOT NULL DEFAULT ''
    CHECK (stage IN ('', 'triage', 'accepted', 'concept', 'prototype', 'fan_test', 'pilot', 'launched'));
