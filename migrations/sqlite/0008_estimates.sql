-- Wait estimates as they change: the forecast of a waiting ticket is recorded at issue (in
-- tickets.estimate_at_issue_s and the `issued` event) and again here each time a change in the
-- queue moves it by a minute or more. Kept apart from `events` because those carry the
-- location's `seq`, one per published frame.
CREATE TABLE ticket_estimates (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    at          INTEGER NOT NULL,
    estimate_s  INTEGER NOT NULL
);
CREATE INDEX ticket_estimates_ticket ON ticket_estimates (ticket_id);
