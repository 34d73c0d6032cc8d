-- The queue core: locations, services, desks, accounts, devices, tickets and the event log.
-- Times are milliseconds since the Unix epoch (UTC); `day` is the location's local date.

CREATE TABLE locations (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    address     TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    timezone    TEXT NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0,
    event_seq   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE services (
    id            INTEGER PRIMARY KEY,
    location_id   INTEGER NOT NULL REFERENCES locations(id),
    key           TEXT NOT NULL,
    prefix        TEXT NOT NULL,
    names         TEXT NOT NULL,
    descriptions  TEXT NOT NULL DEFAULT '{}',
    icon          TEXT NOT NULL DEFAULT 'question',
    walk_in       INTEGER NOT NULL DEFAULT 1,
    target_wait_s INTEGER NOT NULL,
    service_s     INTEGER NOT NULL,
    schedule      TEXT NOT NULL,
    position      INTEGER NOT NULL DEFAULT 0,
    active        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (location_id, key)
);

CREATE TABLE desks (
    id          INTEGER PRIMARY KEY,
    location_id INTEGER NOT NULL REFERENCES locations(id),
    key         TEXT NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1,
    UNIQUE (location_id, key)
);

CREATE TABLE desk_services (
    desk_id    INTEGER NOT NULL REFERENCES desks(id),
    service_id INTEGER NOT NULL REFERENCES services(id),
    PRIMARY KEY (desk_id, service_id)
);

CREATE TABLE staff (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    roles         TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    staff_id   INTEGER NOT NULL REFERENCES staff(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE TABLE devices (
    id           INTEGER PRIMARY KEY,
    location_id  INTEGER NOT NULL REFERENCES locations(id),
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    revoked      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE partners (
    id      INTEGER PRIMARY KEY,
    key     TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    phone   TEXT NOT NULL DEFAULT '',
    hours   TEXT NOT NULL DEFAULT '',
    website TEXT,
    active  INTEGER NOT NULL DEFAULT 1
);

-- The daily number sequence per service; the upsert on it is what makes numbers unique.
CREATE TABLE counters (
    service_id INTEGER NOT NULL REFERENCES services(id),
    day        TEXT NOT NULL,
    last       INTEGER NOT NULL,
    PRIMARY KEY (service_id, day)
);

CREATE TABLE tickets (
    id                  INTEGER PRIMARY KEY,
    location_id         INTEGER NOT NULL REFERENCES locations(id),
    service_id          INTEGER NOT NULL REFERENCES services(id),
    day                 TEXT NOT NULL,
    number              TEXT NOT NULL,
    state               TEXT NOT NULL,
    priority            INTEGER NOT NULL DEFAULT 0,
    priority_reason     TEXT,
    channel             TEXT NOT NULL,
    lang                TEXT NOT NULL,
    status_token        TEXT NOT NULL UNIQUE,
    created_at          INTEGER NOT NULL,
    queued_at           INTEGER NOT NULL,
    called_at           INTEGER,
    started_at          INTEGER,
    finished_at         INTEGER,
    desk_id             INTEGER REFERENCES desks(id),
    staff_id            INTEGER REFERENCES staff(id),
    assigned_desk_id    INTEGER REFERENCES desks(id),
    assigned_staff_id   INTEGER REFERENCES staff(id),
    transferred_from_id INTEGER REFERENCES services(id),
    device_id           INTEGER REFERENCES devices(id),
    idempotency_key     TEXT,
    estimate_at_issue_s INTEGER,
    UNIQUE (location_id, day, number)
);
CREATE INDEX tickets_active ON tickets (location_id, state, queued_at);
CREATE INDEX tickets_finished ON tickets (service_id, finished_at);
-- "call next" reads the head of each service's queue, priority first.
CREATE INDEX tickets_queue ON tickets (service_id, state, priority, queued_at);
CREATE INDEX tickets_assigned_desk ON tickets (assigned_desk_id, state);
CREATE INDEX tickets_assigned_staff ON tickets (assigned_staff_id, state);
CREATE UNIQUE INDEX tickets_idempotency ON tickets (device_id, idempotency_key);

-- Every state change, written in the same transaction as the change itself.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    location_id INTEGER NOT NULL REFERENCES locations(id),
    seq         INTEGER NOT NULL,
    ticket_id   INTEGER REFERENCES tickets(id),
    kind        TEXT NOT NULL,
    at          INTEGER NOT NULL,
    service_id  INTEGER REFERENCES services(id),
    desk_id     INTEGER REFERENCES desks(id),
    staff_id    INTEGER REFERENCES staff(id),
    device_id   INTEGER REFERENCES devices(id),
    data        TEXT,
    UNIQUE (location_id, seq)
);
CREATE INDEX events_ticket ON events (ticket_id);
CREATE INDEX events_time ON events (location_id, at);
