-- A service closed "now" by reception or a manager (staff ill, a fault): until a time today or
-- the end of the day, with a reason from a short list that the kiosk and the status page show
-- in the visitor's language (see `usecases/closures.rs`). One row per closed service; reopening
-- (by hand, or by itself at `until_at`) deletes it. The event log keeps the history.
-- `until_at`, `closed_at`: ms since the epoch, UTC. `note`: Dutch, for staff only.
CREATE TABLE service_closures (
    service_id  BIGINT PRIMARY KEY REFERENCES services(id),
    until_at    BIGINT NOT NULL,
    reason      TEXT NOT NULL,
    note        TEXT,
    closed_by   BIGINT REFERENCES staff(id),
    closed_at   BIGINT NOT NULL
);
