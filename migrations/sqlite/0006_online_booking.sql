-- Online booking: every appointment gets a manage token, the secret in the link
-- `{public_url}/book/{manage_token}` with which the citizen reads, cancels or moves it (no
-- account). Random alphanumerics, stored in plain text like tickets' status_token.
ALTER TABLE appointments ADD COLUMN manage_token TEXT;
-- Appointments booked before this step get one too (32 hex characters, 128 random bits).
UPDATE appointments SET manage_token = lower(hex(randomblob(16))) WHERE manage_token IS NULL;
CREATE UNIQUE INDEX appointments_manage_token ON appointments (manage_token);
-- The per-contact limit looks up a location's open future online bookings.
CREATE INDEX appointments_open_online ON appointments (location_id, channel, state, start_at);
