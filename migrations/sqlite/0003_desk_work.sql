-- Desk work: ID-team triage outcomes, reception printers, help requests (hulpaanvragen) in a
-- per-year register with their ontvangstbewijs, and per-service/location desk rules.
ALTER TABLE services ADD COLUMN triage INTEGER NOT NULL DEFAULT 0;
ALTER TABLE services ADD COLUMN transfer_keeps_arrival INTEGER NOT NULL DEFAULT 1;
ALTER TABLE locations ADD COLUMN no_show_grace_s INTEGER NOT NULL DEFAULT 900;
ALTER TABLE tickets ADD COLUMN triage_outcome TEXT;
ALTER TABLE tickets ADD COLUMN triage_partner_id INTEGER REFERENCES partners(id);

CREATE TABLE printers (
    id          INTEGER PRIMARY KEY,
    location_id INTEGER NOT NULL REFERENCES locations(id),
    key         TEXT NOT NULL,
    name        TEXT NOT NULL,
    uri         TEXT NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1,
    UNIQUE (location_id, key)
);

CREATE TABLE help_categories (
    id       INTEGER PRIMARY KEY,
    key      TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    leefloon INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    active   INTEGER NOT NULL DEFAULT 1
);

-- One register for the whole OCMW, numbered per calendar year: HA-2026-00001, …
CREATE TABLE help_request_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

-- Only what the register and the receipt need: no name, never a national register number.
CREATE TABLE help_requests (
    id          INTEGER PRIMARY KEY,
    location_id INTEGER NOT NULL REFERENCES locations(id),
    year        INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    reference   TEXT NOT NULL UNIQUE,
    received_on TEXT NOT NULL,
    service_id  INTEGER NOT NULL REFERENCES services(id),
    category_id INTEGER NOT NULL REFERENCES help_categories(id),
    documents   TEXT NOT NULL DEFAULT '[]',
    staff_id    INTEGER REFERENCES staff(id),
    ticket_id   INTEGER REFERENCES tickets(id),
    created_at  INTEGER NOT NULL,
    printed_at  INTEGER,
    print_count INTEGER NOT NULL DEFAULT 0,
    UNIQUE (year, seq)
);
CREATE INDEX help_requests_day ON help_requests (location_id, received_on);
