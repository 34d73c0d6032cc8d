-- A social worker's absences (leave, training, illness), recorded in the app or read from the
-- configuration file's `absent = [...]` (see `usecases/absences.rs`). Booking reads them here:
-- on those days the social worker is not offered and cannot be booked.
-- `from_day`, `to_day`: the first and last local day absent, inclusive ('YYYY-MM-DD').
-- `source`: 'app' (recorded by staff, `recorded_by`) or 'configuration' (the file's
-- `absent`, replaced at every configuration load, so an export writes them back).
-- `recorded_at`: ms since the epoch (UTC). `note`: a short reason for colleagues.
CREATE TABLE staff_absences (
    id          BIGSERIAL PRIMARY KEY,
    staff_id    BIGINT NOT NULL REFERENCES staff(id),
    from_day    TEXT NOT NULL,
    to_day      TEXT NOT NULL,
    source      TEXT NOT NULL,
    note        TEXT,
    recorded_by BIGINT REFERENCES staff(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX staff_absences_staff ON staff_absences (staff_id, to_day);
