//! Kiosks and displays administered in the app (`/admin`, Apparaten): registering one for a
//! short one-time pairing code, the station exchanging that code for its token, renaming and
//! revoking, and the list with where each stands.
//!
//! Registering makes the device at once (so it can be named, given settings or revoked before
//! its station is there) with a token nobody knows, and a pairing code: eight characters from
//! an alphabet without look-alikes, valid [`PAIRING_VALID`], used once. Only the code's hash is
//! kept. The station, started without a token, sends the code to `POST /api/v1/devices/pair`
//! (no login) and gets its own new token in return, which it keeps in a file. Wrong, expired
//! and used codes count per client address and are then throttled like logins
//! ([`crate::domain::throttle::PAIRING`]): with about 10^12 codes and 15 minutes, guessing is
//! hopeless.
//!
//! Every change is an event in the location's log, with the administrator and the device
//! before and after: the audit log. The events carry the device, so desks and the other server
//! instances follow at once; a revoked device's token is forgotten here at once and its sockets
//! closed, the other instances within [`crate::usecases::REVOCATION_CHECK_EVERY`].

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use onthaal_wire::{AdminDevice, LocationInfo, NewDevice, PairRequest, Paired, PairingCode};
use rand::Rng;
use serde_json::json;

use crate::db::configuration;
use crate::db::devices::{self, AdminDeviceRow};
use crate::db::{from_ms, ms, Result, StoreError};
use crate::domain::events::EventKind;
use crate::domain::rate_limit::address_key;
use crate::domain::roles::DeviceKind;
use crate::engine::Store;
use crate::usecases::auth::{new_token, token_hash};
use crate::usecases::{conflict, rejected};

/// How long a pairing code works after it is given out.
pub const PAIRING_VALID: Duration = Duration::minutes(15);

/// Capitals and digits no one confuses on a screen or on the phone (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// The characters of a code, without the dash between its two groups.
const CODE_LEN: usize = 8;

/// A new pairing code, as shown: two groups of four, e.g. `K7MX-3QPA` (about 40 random bits).
pub fn new_pairing_code() -> String {
    let mut rng = rand::thread_rng();
    let chars: String = (0..CODE_LEN)
        .map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char)
        .collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// A code as typed, in its plain form (capitals, no dashes or spaces); `None` when it cannot be
/// a pairing code.
pub fn normalise_code(typed: &str) -> Option<String> {
    let plain: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let ok = plain.len() == CODE_LEN && plain.bytes().all(|b| CODE_ALPHABET.contains(&b));
    ok.then_some(plain)
}

/// What is stored of a code (its plain form's hash; a token hash never equals it, as tokens are
/// hashed without the prefix).
fn code_hash(plain: &str) -> String {
    token_hash(&format!("pairing:{plain}"))
}

/// Why a pairing code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairRefusal {
    /// Not the form of a code at all (not counted as a failure: it cannot hit one).
    Malformed,
    Unknown,
    Expired,
    Used,
    /// Its device was revoked.
    Revoked,
    /// The code is right but for the other kind of station (not counted as a failure).
    WrongKind {
        registered_as: DeviceKind,
    },
}

/// What a station's pairing came to.
#[derive(Debug)]
pub enum PairOutcome {
    Paired(Paired),
    Refused(PairRefusal),
    /// Too many wrong codes from this address: the code was not even looked up.
    Throttled {
        wait: Duration,
    },
}

fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(rejected(
            "invalid_name",
            "a device needs a name of 1 to 100 characters",
        ));
    }
    Ok(name.to_string())
}

/// What the audit log says of a device.
fn profile(d: &AdminDevice) -> serde_json::Value {
    json!({"name": d.name, "kind": d.kind, "location": d.location, "revoked": d.revoked})
}

impl Store {
    fn admin_device_of(&self, d: AdminDeviceRow) -> AdminDevice {
        AdminDevice {
            id: d.id,
            online: !d.revoked && self.is_online(d.id),
            kind: d.kind,
            name: d.name,
            location: d.location,
            last_seen: d.last_seen_at.map(from_ms),
            revoked: d.revoked,
            awaiting_pairing: d.pending && !d.revoked,
            pairing_expires_at: d
                .pairing_expires_at
                .filter(|_| d.pending && !d.revoked)
                .map(from_ms),
            paired_at: d.paired_at.map(from_ms),
            settings: serde_json::from_str(&d.settings).unwrap_or_default(),
        }
    }

    /// Every kiosk and display of every location, revoked ones too.
    pub async fn admin_devices(&self) -> Result<Vec<AdminDevice>> {
        let rows = devices::admin_list(&mut *self.pool.acquire().await?).await?;
        Ok(rows.into_iter().map(|d| self.admin_device_of(d)).collect())
    }

    /// The locations a device can be registered for, in the configuration's order.
    pub async fn device_locations(&self) -> Result<Vec<LocationInfo>> {
        let ids = self.location_ids();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.location_state(id).await?.info());
        }
        Ok(out)
    }

    pub async fn admin_device(&self, device_id: i64) -> Result<AdminDevice> {
        let row = devices::admin_entry_of(&mut *self.pool.acquire().await?, device_id).await?;
        Ok(self.admin_device_of(row))
    }

    /// Registers a kiosk or display (administrator `by`) and gives it a pairing code, shown
    /// this once.
    pub async fn register_device_for_pairing(
        &self,
        by: i64,
        new: NewDevice,
        now: DateTime<Utc>,
    ) -> Result<PairingCode> {
        let kind = DeviceKind::parse(&new.kind).ok_or_else(|| {
            rejected(
                "invalid_kind",
                format!(
                    "\"{}\" is not a kind of station; use kiosk or display",
                    new.kind
                ),
            )
        })?;
        let name = check_name(&new.name)?;
        let location_id = self.resolve_location(new.location.as_deref())?;
        // A token nobody has: the device cannot connect until its station pairs.
        let id = configuration::register_device(
            &mut *self.pool.acquire().await?,
            location_id,
            kind.as_str(),
            &name,
            &token_hash(&new_token()),
            now,
        )
        .await?;
        let (code, expires_at) = self.give_pairing_code(id, now).await?;
        let device = self.admin_device(id).await?;
        let data = json!({
            "action": "registered", "after": profile(&device),
            "pairing_code_until": expires_at,
        });
        self.device_administered(location_id, id, Some(by), data, now)
            .await?;
        Ok(PairingCode {
            device: self.admin_device(id).await?,
            code,
            expires_at,
        })
    }

    /// A new pairing code for a device still waiting for its station (the first one expired
    /// or was lost); the old code no longer works.
    pub async fn renew_pairing_code(
        &self,
        by: i64,
        device_id: i64,
        now: DateTime<Utc>,
    ) -> Result<PairingCode> {
        let before = self.admin_device(device_id).await?;
        if before.revoked {
            return Err(conflict(
                "device_revoked",
                format!("the device \"{}\" was revoked", before.name),
            ));
        }
        if !before.awaiting_pairing {
            return Err(conflict(
                "already_paired",
                format!(
                    "the device \"{}\" has its token already; to replace its station, revoke it and register a new one",
                    before.name
                ),
            ));
        }
        let (code, expires_at) = self.give_pairing_code(device_id, now).await?;
        let location_id = devices::location_of_active(&self.pool, device_id).await?;
        let data = json!({"action": "pairing_code", "pairing_code_until": expires_at});
        self.device_administered(location_id, device_id, Some(by), data, now)
            .await?;
        Ok(PairingCode {
            device: self.admin_device(device_id).await?,
            code,
            expires_at,
        })
    }

    async fn give_pairing_code(
        &self,
        device_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(String, DateTime<Utc>)> {
        let mut conn = self.pool.acquire().await?;
        let expires_at = now + PAIRING_VALID;
        // A repeat of a code ever given out is vanishingly rare; it is drawn again.
        for _ in 0..10 {
            let code = new_pairing_code();
            let hash = code_hash(&normalise_code(&code).expect("a new code is well formed"));
            if devices::pairing_code_taken(&mut conn, &hash).await? {
                continue;
            }
            if !devices::set_pairing_code(&mut conn, device_id, &hash, ms(expires_at)).await? {
                return Err(conflict(
                    "already_paired",
                    format!("device {device_id} is paired or revoked"),
                ));
            }
            return Ok((code, expires_at));
        }
        Err(StoreError::Corrupt(
            "no unused pairing code found in ten draws".into(),
        ))
    }

    /// A station exchanges its pairing code for its token (no login: the code is the proof).
    pub async fn pair_device(
        &self,
        request: &PairRequest,
        address: Option<IpAddr>,
        now: DateTime<Utc>,
    ) -> Result<PairOutcome> {
        let key = address.map(address_key);
        if let Some(wait) = key.and_then(|k| self.pairing_failures_wait(k, now)) {
            return Ok(PairOutcome::Throttled { wait });
        }
        let Some(kind) = DeviceKind::parse(&request.kind) else {
            return Err(rejected(
                "invalid_kind",
                format!(
                    "\"{}\" is not a kind of station; use kiosk or display",
                    request.kind
                ),
            ));
        };
        let Some(plain) = normalise_code(&request.code) else {
            return Ok(PairOutcome::Refused(PairRefusal::Malformed));
        };
        let mut conn = self.pool.acquire().await?;
        let found = devices::by_pairing_code(&mut conn, &code_hash(&plain)).await?;
        let refusal = match &found {
            None => Some(PairRefusal::Unknown),
            Some(d) if d.revoked => Some(PairRefusal::Revoked),
            Some(d) if d.paired_at.is_some() => Some(PairRefusal::Used),
            Some(d) if d.pairing_expires_at.is_none_or(|at| at <= ms(now)) => {
                Some(PairRefusal::Expired)
            }
            Some(d) if d.kind != kind.as_str() => Some(PairRefusal::WrongKind {
                registered_as: DeviceKind::parse(&d.kind).unwrap_or(kind),
            }),
            Some(_) => None,
        };
        let device = match (refusal, found) {
            (None, Some(d)) => d,
            (Some(r @ PairRefusal::WrongKind { .. }), _) => return Ok(PairOutcome::Refused(r)),
            (r, _) => {
                drop(conn);
                self.pairing_failed(key, now);
                return Ok(PairOutcome::Refused(r.unwrap_or(PairRefusal::Unknown)));
            }
        };
        let token = new_token();
        if !devices::pair(&mut conn, device.id, &token_hash(&token), ms(now)).await? {
            // Another station was quicker with the same code.
            drop(conn);
            self.pairing_failed(key, now);
            return Ok(PairOutcome::Refused(PairRefusal::Used));
        }
        drop(conn);
        if let Some(k) = key {
            self.login_failures
                .lock()
                .expect("login failures lock")
                .pairing
                .succeeded(&k);
        }
        let data = json!({"action": "paired", "kind": device.kind, "name": device.name});
        self.device_administered(device.location_id, device.id, None, data, now)
            .await?;
        Ok(PairOutcome::Paired(Paired {
            token,
            device_id: device.id,
            kind: device.kind,
            name: device.name,
            location: device.location,
        }))
    }

    fn pairing_failures_wait(&self, key: i64, now: DateTime<Utc>) -> Option<Duration> {
        self.login_failures
            .lock()
            .expect("login failures lock")
            .pairing
            .wait(&key, now)
    }

    fn pairing_failed(&self, key: Option<i64>, now: DateTime<Utc>) {
        if let Some(k) = key {
            self.login_failures
                .lock()
                .expect("login failures lock")
                .pairing
                .failed(&k, now);
        }
    }

    /// Renames a kiosk or display (administrator `by`).
    pub async fn rename_device(
        &self,
        by: i64,
        device_id: i64,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<AdminDevice> {
        let name = check_name(name)?;
        let before = self.admin_device(device_id).await?;
        if before.revoked {
            return Err(conflict(
                "device_revoked",
                format!("the device \"{}\" was revoked", before.name),
            ));
        }
        if before.name == name {
            return Ok(before);
        }
        let location_id = devices::location_of_active(&self.pool, device_id).await?;
        let mut w = self.begin_write(location_id, now).await?;
        devices::rename(&mut w.tx, device_id, &name).await?;
        let data = json!({
            "action": "renamed", "before": {"name": before.name}, "after": {"name": name},
        });
        self.finish_device_event_by(
            w,
            location_id,
            device_id,
            EventKind::DeviceAdministered,
            now,
            Some(by),
            Some(data),
        )
        .await?;
        self.admin_device(device_id).await
    }

    /// Revokes a kiosk or display from the app (administrator `by`): its token is refused and
    /// its WebSockets close at once here, within [`crate::usecases::REVOCATION_CHECK_EVERY`]
    /// on the other instances (the same path as `onthaal-server device revoke`).
    pub async fn revoke_device_in_app(
        &self,
        by: i64,
        device_id: i64,
        now: DateTime<Utc>,
    ) -> Result<AdminDevice> {
        let before = self.admin_device(device_id).await?;
        let entry = self.revoke_device(device_id).await?;
        let hash = devices::token_hash_of(&mut *self.pool.acquire().await?, device_id).await?;
        self.tokens.forget(&hash);
        // Nobody listening (no socket open here) is fine.
        let _ = self.revoked_devices.send(device_id);
        let location_id = self.resolve_location(Some(&entry.location))?;
        let after = self.admin_device(device_id).await?;
        let data =
            json!({"action": "revoked", "before": profile(&before), "after": profile(&after)});
        self.device_administered(location_id, device_id, Some(by), data, now)
            .await?;
        Ok(after)
    }

    /// A `device_administered` event: the audit log's line, and the device published to desks
    /// and the other instances.
    async fn device_administered(
        &self,
        location_id: i64,
        device_id: i64,
        by: Option<i64>,
        mut data: serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<()> {
        data["by"] = json!(if by.is_some() { "app" } else { "station" });
        let w = self.begin_write(location_id, now).await?;
        self.finish_device_event_by(
            w,
            location_id,
            device_id,
            EventKind::DeviceAdministered,
            now,
            by,
            Some(data),
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_code_is_two_groups_of_four_from_the_alphabet() {
        for _ in 0..200 {
            let code = new_pairing_code();
            assert_eq!(code.len(), 9, "{code}");
            assert_eq!(&code[4..5], "-");
            let plain = normalise_code(&code).expect("well formed");
            assert_eq!(plain.len(), 8);
            assert!(!plain.contains(['0', 'O', '1', 'I', 'L']), "{plain}");
        }
    }

    #[test]
    fn a_typed_code_is_read_in_any_case_with_spaces_or_dashes() {
        assert_eq!(normalise_code("k7mx-3qpa").as_deref(), Some("K7MX3QPA"));
        assert_eq!(normalise_code(" K7MX 3QPA ").as_deref(), Some("K7MX3QPA"));
        assert_eq!(normalise_code("K7MX3QP"), None);
        assert_eq!(normalise_code("K7MX3QPA9"), None);
        // 0, O, 1, I and L are never in a code.
        assert_eq!(normalise_code("K7MX-3QP0"), None);
        assert_eq!(normalise_code("K7MX-3QPI"), None);
    }
}
