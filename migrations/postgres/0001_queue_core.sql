-- The queue core: locations, services, desks, accounts, devices, tickets and the event log.
-- Times are milliseconds since the Unix epoch (UTC); `day` is the location's local date.

CREATE TABLE locations (
    id          BIGSERIAL PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    address     TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    timezone    TEXT NOT NULL,
    position    BIGINT NOT NULL DEFAULT 0,
    event_seq   BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE services (
    id            BIGSERIAL PRIMARY KEY,
    location_id   BIGINT NOT NULL REFERENCES locations(id),
    key           TEXT NOT NULL,
    prefix        TEXT NOT NULL,
    names         TEXT NOT NULL,
    descriptions  TEXT NOT NULL DEFAULT '{}',
    icon          TEXT NOT NULL DEFAULT 'question',
    walk_in       BIGINT NOT NULL DEFAULT 1,
    target_wait_s BIGINT NOT NULL,
    service_s     BIGINT NOT NULL,
    schedule      TEXT NOT NULL,
    position      BIGINT NOT NULL DEFAULT 0,
    active        BIGINT NOT NULL DEFAULT 1,
    UNIQUE (location_id, key)
);

CREATE TABLE desks (
    id          BIGSERIAL PRIMARY KEY,
    location_id BIGINT NOT NULL REFERENCES locations(id),
    key         TEXT NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    position    BIGINT NOT NULL DEFAULT 0,
    active      BIGINT NOT NULL DEFAULT 1,
    UNIQUE (location_id, key)
);

CREATE TABLE desk_services (
    desk_id    BIGINT NOT NULL REFERENCES desks(id),
    service_id BIGINT NOT NULL REFERENCES services(id),
    PRIMARY KEY (desk_id, service_id)
);

CREATE TABLE staff (
    id            BIGSERIAL PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    roles         TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active        BIGINT NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    staff_id   BIGINT NOT NULL REFERENCES staff(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE devices (
    id           BIGSERIAL PRIMARY KEY,
    location_id  BIGINT NOT NULL REFERENCES locations(id),
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    revoked      BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE partners (
    id      BIGSERIAL PRIMARY KEY,
    key     TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    phone   TEXT NOT NULL DEFAULT '',
    hours   TEXT NOT NULL DEFAULT '',
    website TEXT,
    active  BIGINT NOT NULL DEFAULT 1
);

-- The daily number sequence per service; the upsert on it is what makes numbers unique.
CREATE TABLE counters (
    service_id BIGINT NOT NULL REFERENCES services(id),
    day        TEXT NOT NULL,
    last       BIGINT NOT NULL,
    PRIMARY KEY (service_id, day)
);

CREATE TABLE tickets (
    id                  BIGSERIAL PRIMARY KEY,
    location_id         BIGINT NOT NULL REFERENCES locations(id),
    service_id          BIGINT NOT NULL REFERENCES services(id),
    day                 TEXT NOT NULL,
    number              TEXT NOT NULL,
    state               TEXT NOT NULL,
    priority            BIGINT NOT NULL DEFAULT 0,
    priority_reason     TEXT,
    channel             TEXT NOT NULL,
    lang                TEXT NOT NULL,
    status_token        TEXT NOT NULL UNIQUE,
    created_at          BIGINT NOT NULL,
    queued_at           BIGINT NOT NULL,
    called_at           BIGINT,
    started_at          BIGINT,
    finished_at         BIGINT,
    desk_id             BIGINT REFERENCES desks(id),
    staff_id            BIGINT REFERENCES staff(id),
    assigned_desk_id    BIGINT REFERENCES desks(id),
    assigned_staff_id   BIGINT REFERENCES staff(id),
    transferred_from_id BIGINT REFERENCES services(id),
    device_id           BIGINT REFERENCES devices(id),
    idempotency_key     TEXT,
    estimate_at_issue_s BIGINT,
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
    id          BIGSERIAL PRIMARY KEY,
    location_id BIGINT NOT NULL REFERENCES locations(id),
    seq         BIGINT NOT NULL,
    ticket_id   BIGINT REFERENCES tickets(id),
    kind        TEXT NOT NULL,
    at          BIGINT NOT NULL,
    service_id  BIGINT REFERENCES services(id),
    desk_id     BIGINT REFERENCES desks(id),
    staff_id    BIGINT REFERENCES staff(id),
    device_id   BIGINT REFERENCES devices(id),
    data        TEXT,
    UNIQUE (location_id, seq)
);
CREATE INDEX events_ticket ON events (ticket_id);
CREATE INDEX events_time ON events (location_id, at);
