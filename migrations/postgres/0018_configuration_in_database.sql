-- The database is the source of the administration configuration (see usecases/configuration.rs):
-- the configuration file is imported into it (`onthaal-server config import`) and exported
-- from it (`config export`).
-- `revision`: how many times the configuration was written since the database became its
-- source. 0: it was last loaded from a file at a start before this version, and the next start
-- imports the file once more; from 1 on the database stands and a start no longer writes it.
-- Running servers compare it to the one they loaded and reload their locations when it grew.
ALTER TABLE configuration_source ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
-- A location's closing days as the file says them (`closed_on`, JSON dates), so that an export
-- gives them back as closing days; every service keeps them among its dated exceptions too.
ALTER TABLE locations ADD COLUMN closed_on TEXT NOT NULL DEFAULT '[]';
