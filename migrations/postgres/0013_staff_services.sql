-- The services a staff member takes appointments for: a JSON array of service keys, written
-- from the configuration at start like `availability`; empty: every service (the default, so
-- accounts from before this step keep taking every service).
ALTER TABLE staff ADD COLUMN services TEXT NOT NULL DEFAULT '[]';
