-- PostgreSQL twin of ../024_second_round_states.sql: a challenge may be a
-- board and an idea expired. PostgreSQL changes a CHECK constraint in place
-- (the SQLite file rebuilds both tables). The constraints keep the names
-- PostgreSQL gave them when 001 created the columns.
ALTER TABLE challenges DROP CONSTRAINT challenges_kind_check;
ALTER TABLE challenges ADD CONSTRAINT challenges_kind_check
    CHECK (kind IN ('open_call', 'design_poll', 'board'));
ALTER TABLE ideas DROP CONSTRAINT ideas_state_check;
ALTER TABLE ideas ADD CONSTRAINT ideas_state_check CHECK (state IN
    ('submitted', 'shortlisted', 'winner', 'not_selected', 'hidden', 'merged', 'withdrawn', 'expired'));
