-- Appointments: one client, one social worker (or a team), at a set time, in a room.
-- Times are milliseconds since the Unix epoch (UTC); `day` is the location's local date of
-- `start_at`, so "today's appointments" is an index look-up and DST never moves a booking.
-- Booking settings live as JSON beside what they configure (written by the config loader).
ALTER TABLE locations ADD COLUMN appointment_settings TEXT NOT NULL DEFAULT '{}';
ALTER TABLE services ADD COLUMN booking TEXT NOT NULL DEFAULT '{}';
-- Weekly availability and absences of a social worker (JSON, from the configuration).
ALTER TABLE staff ADD COLUMN availability TEXT NOT NULL DEFAULT '{}';
-- The secret of a staff member's iCalendar feed (random, 160 bits; made on first request).
ALTER TABLE staff ADD COLUMN ical_token TEXT;
CREATE UNIQUE INDEX staff_ical_token ON staff (ical_token);

CREATE TABLE appointments (
    id              BIGSERIAL PRIMARY KEY,
    location_id     BIGINT NOT NULL REFERENCES locations(id),
    service_id      BIGINT NOT NULL REFERENCES services(id),
    staff_id        BIGINT REFERENCES staff(id),
    desk_id         BIGINT REFERENCES desks(id),
    start_at        BIGINT NOT NULL,
    end_at          BIGINT NOT NULL,
    day             TEXT NOT NULL,
    code            TEXT NOT NULL UNIQUE,
    state           TEXT NOT NULL,
    channel         TEXT NOT NULL,
    -- Personal data: cleared after the location's retention period (purged_at set).
    contact_name    TEXT,
    contact_phone   TEXT,
    contact_email   TEXT,
    lang            TEXT NOT NULL,
    ticket_id       BIGINT REFERENCES tickets(id),
    created_by      BIGINT REFERENCES staff(id),
    created_at      BIGINT NOT NULL,
    arrived_at      BIGINT,
    cancelled_at    BIGINT,
    purged_at       BIGINT,
    check_in_device_id BIGINT REFERENCES devices(id),
    check_in_key    TEXT
);
CREATE INDEX appointments_day ON appointments (location_id, day);
CREATE INDEX appointments_staff ON appointments (staff_id, start_at);
CREATE INDEX appointments_desk ON appointments (desk_id, start_at);
CREATE INDEX appointments_ticket ON appointments (ticket_id);
CREATE INDEX appointments_purge ON appointments (purged_at, end_at);
