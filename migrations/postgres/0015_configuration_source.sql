-- Which configuration the database holds: the built-in demo (whose accounts have published
-- passwords) or a file. Written in the same transaction as the configuration itself, so that a
-- server started without `--config` can tell an empty database (it gets the demo) from one that
-- holds a real configuration (it refuses to start rather than add the demo's accounts to it).
CREATE TABLE configuration_source (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    kind TEXT NOT NULL CHECK (kind IN ('demo', 'file')),
    name TEXT NOT NULL,
    loaded_at BIGINT NOT NULL
);
