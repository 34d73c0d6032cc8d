-- Accounts administered in the app and from the command line (see `usecases/accounts.rs`).
-- `active` stays the one flag a login and a session check read; these say why and since when.
-- `disabled_at`: when the account was disabled (ms since the epoch, UTC), NULL while active.
-- `disabled_reason`: 'configuration' (it left the configuration file: enabled again when it
-- comes back), 'admin' (an administrator in the app, `disabled_by`) or 'command_line'; an
-- account disabled in the app or from the command line stays disabled at every start.
ALTER TABLE staff ADD COLUMN disabled_at INTEGER;
ALTER TABLE staff ADD COLUMN disabled_reason TEXT;
ALTER TABLE staff ADD COLUMN disabled_by INTEGER REFERENCES staff(id);
-- A one-time password (set by an administrator) must be changed at the next login, before
-- anything else.
ALTER TABLE staff ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
-- Whether the account is in the configuration file (as of the last start): only such accounts
-- are disabled when they leave it. Every account so far came from the file, except the
-- `admin` account the server makes itself (when the file has one, the next start says so).
ALTER TABLE staff ADD COLUMN in_configuration INTEGER NOT NULL DEFAULT 0;
UPDATE staff SET in_configuration = 1 WHERE username <> 'admin';
UPDATE staff SET disabled_at = created_at, disabled_reason = 'configuration' WHERE active = 0;
