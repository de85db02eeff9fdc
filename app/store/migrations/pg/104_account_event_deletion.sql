-- An admin deletes an account on its owner's request (session 52): see
-- ../104_account_event_deletion.sql. The CHECK is widened in place.
ALTER TABLE account_events DROP CONSTRAINT account_events_action_check;
ALTER TABLE account_events ADD CONSTRAINT account_events_action_check
    CHECK (action IN ('suspend', 'reinstate', 'delete'));
