-- E-mail reminders the day before an appointment. A sender claims a reminder (claimed_at,
-- attempts + 1) before it talks to the mail server, and marks it sent afterwards, so each
-- reminder leaves once even with several servers or a restart; a failed attempt is released
-- with its error (a summary without personal data) and tried again later, up to a limit.
ALTER TABLE appointments ADD COLUMN reminder_sent_at BIGINT;
ALTER TABLE appointments ADD COLUMN reminder_claimed_at BIGINT;
ALTER TABLE appointments ADD COLUMN reminder_attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE appointments ADD COLUMN reminder_failed_at BIGINT;
ALTER TABLE appointments ADD COLUMN reminder_error TEXT;
