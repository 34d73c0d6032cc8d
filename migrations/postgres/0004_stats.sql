-- Statistics: a rollup of the event log that the dashboard reads instead of a year of events.
--
-- `stat_visits` holds one row per visit (one stay of a ticket in one service's queue; a
-- transfer starts a new visit), derived only from `events`. `stat_state` remembers up to which
-- event `seq` each location has been folded in; the store catches up from there before it
-- answers a statistics request, so the rollup is always the event log's, never a guess.
-- Times in ms UTC; `day`, `dow` (1 = Monday) and `hour` are the location's local calendar.

CREATE TABLE stat_state (
    location_id BIGINT PRIMARY KEY REFERENCES locations(id),
    seq         BIGINT NOT NULL
);

CREATE TABLE stat_visits (
    ticket_id     BIGINT NOT NULL,
    seg           BIGINT NOT NULL,
    location_id   BIGINT NOT NULL,
    service_id    BIGINT NOT NULL,
    channel       TEXT NOT NULL,
    entry         TEXT NOT NULL,
    entered_at    BIGINT NOT NULL,
    day           TEXT NOT NULL,
    dow           BIGINT NOT NULL,
    hour          BIGINT NOT NULL,
    called_at     BIGINT,
    wait_s        BIGINT,
    desk_id       BIGINT,
    staff_id      BIGINT,
    started_at    BIGINT,
    ended_at      BIGINT,
    service_s     BIGINT,
    outcome       TEXT,
    target_wait_s BIGINT NOT NULL,
    within_target BIGINT,
    estimate_s    BIGINT,
    est_err_s     BIGINT,
    issued_closed BIGINT NOT NULL DEFAULT 0,
    triage        TEXT,
    partner       TEXT,
    PRIMARY KEY (ticket_id, seg)
);
-- Every dashboard query is "one location, a range of days, maybe one service".
CREATE INDEX stat_visits_day ON stat_visits (location_id, day, service_id, wait_s);
-- The per-day wait figures read (day, wait) pairs in order from here.
CREATE INDEX stat_visits_day_wait ON stat_visits (location_id, day, wait_s);
-- The distributions (wait and service time in whole seconds, counted per value): read in value
-- order straight from these, a year of visits groups without a sort and without touching the
-- table (SQLite is told to use them; PostgreSQL picks them itself when they help).
CREATE INDEX stat_visits_wait_all ON stat_visits (location_id, wait_s, day);
CREATE INDEX stat_visits_wait ON stat_visits (location_id, service_id, wait_s, day);
CREATE INDEX stat_visits_service_all ON stat_visits (location_id, service_s, day);
CREATE INDEX stat_visits_service ON stat_visits (location_id, service_id, service_s, day);

-- Help requests as the event log registered them (category key and service), for counts per
-- category and week; no reference, no documents.
CREATE TABLE stat_help (
    event_id    BIGINT PRIMARY KEY,
    location_id BIGINT NOT NULL,
    day         TEXT NOT NULL,
    service_id  BIGINT,
    category    TEXT NOT NULL,
    staff_id    BIGINT
);
CREATE INDEX stat_help_day ON stat_help (location_id, day);

-- The counts of `stat_visits` per day, hour, service, channel and referral partner: what most
-- queries need without a desk or staff filter, a few hundred rows per day instead of a thousand
-- visits. Recomputed from `stat_visits` for every day a catch-up touches, in the same
-- transaction, so it always equals the visits it sums. `partner` is '' except for external
-- referrals ('-' when no partner was named).
CREATE TABLE stat_daily (
    location_id   BIGINT NOT NULL,
    day           TEXT NOT NULL,
    dow           BIGINT NOT NULL,
    hour          BIGINT NOT NULL,
    service_id    BIGINT NOT NULL,
    channel       TEXT NOT NULL,
    partner       TEXT NOT NULL,
    visits        BIGINT NOT NULL,
    arrivals      BIGINT NOT NULL,
    called        BIGINT NOT NULL,
    no_shows      BIGINT NOT NULL,
    within_target BIGINT NOT NULL,
    transfers     BIGINT NOT NULL,
    cancelled     BIGINT NOT NULL,
    finished      BIGINT NOT NULL,
    issued_closed BIGINT NOT NULL,
    t_answered    BIGINT NOT NULL,
    t_internal    BIGINT NOT NULL,
    t_external    BIGINT NOT NULL,
    t_none        BIGINT NOT NULL,
    est_count     BIGINT NOT NULL,
    est_abs_sum   BIGINT NOT NULL,
    est_sum       BIGINT NOT NULL,
    est_within    BIGINT NOT NULL,
    PRIMARY KEY (location_id, day, dow, hour, service_id, channel, partner)
);
