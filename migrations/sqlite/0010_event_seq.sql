-- Fewer statements per change, because every change waits for the one before it.
-- `locations.event_seq` counted what `events` already holds: the next `seq` of a location is now
-- read from its events in the insert itself (`UNIQUE (location_id, seq)` is that index).
-- `tickets.estimate_at_issue_s` repeated the estimate that the `issued` event records
-- (`estimate_s`, beside `naive_estimate_s`), which is what the statistics read.
ALTER TABLE locations DROP COLUMN event_seq;
ALTER TABLE tickets DROP COLUMN estimate_at_issue_s;
