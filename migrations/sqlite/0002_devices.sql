-- Stations report in: when they were last seen, their printer's state, and their settings
-- (which services a display shows, its information line, a second announcement language).
ALTER TABLE devices ADD COLUMN last_seen_at INTEGER;
ALTER TABLE devices ADD COLUMN status TEXT;
ALTER TABLE devices ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
