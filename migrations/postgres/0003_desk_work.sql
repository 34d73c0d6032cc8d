-- Desk work: ID-team triage outcomes, reception printers, help requests (hulpaanvragen) in a
-- per-year register with their ontvangstbewijs, and per-service/location desk rules.
ALTER TABLE services ADD COLUMN triage BIGINT NOT NULL DEFAULT 0;
ALTER TABLE services ADD COLUMN transfer_keeps_arrival BIGINT NOT NULL DEFAULT 1;
ALTER TABLE locations ADD COLUMN no_show_grace_s BIGINT NOT NULL DEFAULT 900;
ALTER TABLE tickets ADD COLUMN triage_outcome TEXT;
ALTER TABLE tickets ADD COLUMN triage_partner_id BIGINT REFERENCES partners(id);

CREATE TABLE printers (
    id          BIGSERIAL PRIMARY KEY,
    location_id BIGINT NOT NULL REFERENCES locations(id),
    key         TEXT NOT NULL,
    name        TEXT NOT NULL,
    uri         TEXT NOT NULL,
    position    BIGINT NOT NULL DEFAULT 0,
    active      BIGINT NOT NULL DEFAULT 1,
    UNIQUE (location_id, key)
);

CREATE TABLE help_categories (
    id       BIGSERIAL PRIMARY KEY,
    key      TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    leefloon BIGINT NOT NULL DEFAULT 0,
    position BIGINT NOT NULL DEFAULT 0,
    active   BIGINT NOT NULL DEFAULT 1
);

-- One register for the whole OCMW, numbered per calendar year: HA-2026-00001, …
CREATE TABLE help_request_counters (
    year BIGINT PRIMARY KEY,
    last BIGINT NOT NULL
);

-- Only what the register and the receipt need: no name, never a national register number.
CREATE TABLE help_requests (
    id          BIGSERIAL PRIMARY KEY,
    location_id BIGINT NOT NULL REFERENCES locations(id),
    year        BIGINT NOT NULL,
    seq         BIGINT NOT NULL,
    reference   TEXT NOT NULL UNIQUE,
    received_on TEXT NOT NULL,
    service_id  BIGINT NOT NULL REFERENCES services(id),
    category_id BIGINT NOT NULL REFERENCES help_categories(id),
    documents   TEXT NOT NULL DEFAULT '[]',
    staff_id    BIGINT REFERENCES staff(id),
    ticket_id   BIGINT REFERENCES tickets(id),
    created_at  BIGINT NOT NULL,
    printed_at  BIGINT,
    print_count BIGINT NOT NULL DEFAULT 0,
    UNIQUE (year, seq)
);
CREATE INDEX help_requests_day ON help_requests (location_id, received_on);
