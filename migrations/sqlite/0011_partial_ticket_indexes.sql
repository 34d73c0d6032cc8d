-- Most tickets are walk-ins: nobody sent them to a desk or a person, and until they leave they
-- have no finishing time. The indexes on those columns hold only the tickets that have a value,
-- so issuing a walk-in and each change of its state write fewer index pages inside the
-- location's write lock. Every query on them asks for a value (`= $1`, `IS NOT NULL`), which
-- lets both databases use the partial index.
DROP INDEX tickets_assigned_desk;
CREATE INDEX tickets_assigned_desk ON tickets (assigned_desk_id, state) WHERE assigned_desk_id IS NOT NULL;
DROP INDEX tickets_assigned_staff;
CREATE INDEX tickets_assigned_staff ON tickets (assigned_staff_id, state) WHERE assigned_staff_id IS NOT NULL;
DROP INDEX tickets_finished;
CREATE INDEX tickets_finished ON tickets (service_id, finished_at) WHERE finished_at IS NOT NULL;
