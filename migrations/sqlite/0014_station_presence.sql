-- Which server instance holds a station's connection (its connections' name; NULL: none), so
-- that the other instances sharing a PostgreSQL database know the station is online when they
-- start, and can tell when that instance has gone without saying so: it refreshes
-- `last_seen_at` of its stations while it runs.
ALTER TABLE devices ADD COLUMN connected_to TEXT;
