-- Appointment statistics: one row per appointment, folded from the event log like
-- `stat_visits` (by the same catch-up, under the same watermark): `appointment_booked`,
-- `_moved`, `_cancelled`, `_no_show` and the check-in's `issued` event carry the appointment's
-- id, booking channel, slot start, social worker, service and room. Nothing personal.
-- `day`, `dow`, `hour` are the location's local calendar of the slot start; `state` is
-- booked | arrived | cancelled | no_show; `late_s` how long after the slot start the visitor
-- checked in (0 when on time). The wait after arrival is the check-in ticket's first visit
-- in `stat_visits`, copied into `wait_s` here.
CREATE TABLE stat_appointments (
    appointment_id BIGINT PRIMARY KEY,
    location_id    BIGINT NOT NULL,
    service_id     BIGINT NOT NULL,
    staff_id       BIGINT,
    desk_id        BIGINT,
    channel        TEXT NOT NULL,
    start_at       BIGINT NOT NULL,
    day            TEXT NOT NULL,
    dow            BIGINT NOT NULL,
    hour           BIGINT NOT NULL,
    booked_at      BIGINT NOT NULL,
    state          TEXT NOT NULL,
    ticket_id      BIGINT,
    arrived_at     BIGINT,
    late_s         BIGINT,
    -- Copied from the check-in ticket's first visit whenever a catch-up touches that ticket,
    -- so the figures read this table alone: check-in → first call, and whether the ticket
    -- ended as a no-show (1) or not (0).
    wait_s         BIGINT,
    ticket_no_show BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX stat_appointments_day ON stat_appointments (location_id, day);
CREATE INDEX stat_appointments_ticket ON stat_appointments (ticket_id);

-- Appointments already in the log are counted by folding it again from the start: the
-- rollups are projections of `events`, so emptying them loses nothing.
DELETE FROM stat_visits;
DELETE FROM stat_daily;
DELETE FROM stat_help;
DELETE FROM stat_state;
