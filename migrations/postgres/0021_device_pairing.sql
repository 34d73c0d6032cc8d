-- Kiosks and displays registered in the app get a short one-time pairing code that the
-- station exchanges for its token (see `usecases/pairing.rs`). Only the code's hash is kept.
-- `pairing_code_hash`: the hash of the last code given out (kept after use, so a second use
-- is told "used" rather than "unknown"); `pairing_expires_at`: until when it may be used (ms
-- since the epoch, UTC); `paired_at`: when a station exchanged it for its token. A device
-- registered from the command line (with a token) has none of the three.
ALTER TABLE devices ADD COLUMN pairing_code_hash TEXT;
ALTER TABLE devices ADD COLUMN pairing_expires_at BIGINT;
ALTER TABLE devices ADD COLUMN paired_at BIGINT;
CREATE INDEX devices_pairing_code ON devices (pairing_code_hash);
