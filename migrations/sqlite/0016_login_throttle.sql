-- Login throttling per account (see `domain/throttle.rs`): wrong passwords in a row since the
-- last successful login, and the time (ms since the epoch, UTC) before which the next attempt
-- is not even checked. On the account, so every server instance on the database sees them.
ALTER TABLE staff ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN login_not_before INTEGER;
