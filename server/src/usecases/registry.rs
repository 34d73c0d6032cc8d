//! The register of kiosks and displays, for the administrator: every device with its state, and
//! revoking one (a lost tablet, a screen taken out of use).
//!
//! A revocation is written by `onthaal-server device revoke`, another process than the running
//! servers, so each server looks for new revocations every [`REVOCATION_CHECK_EVERY`]: it then
//! forgets the device's token (see `engine/token_cache.rs`) and closes the device's WebSockets. From
//! then on the device's requests and connections are refused with 401; its station says so in
//! its log and shows itself out of order.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::Row;
use tokio::sync::watch;

use crate::db::{col, from_ms, Result, StoreError};
use crate::engine::Store;

/// How often a server looks for devices revoked since its last look.
pub const REVOCATION_CHECK_EVERY: Duration = Duration::from_secs(5);

/// A registered device as the register lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceEntry {
    pub id: i64,
    /// The location's key.
    pub location: String,
    /// `kiosk` or `display`.
    pub kind: String,
    pub name: String,
    pub last_seen: Option<DateTime<Utc>>,
    pub revoked: bool,
}

const ENTRY: &str = "SELECT d.id, l.key AS location, d.kind, d.name, d.last_seen_at, d.revoked \
                     FROM devices d JOIN locations l ON l.id = d.location_id";

fn entry(r: &sqlx::any::AnyRow) -> Result<DeviceEntry> {
    Ok(DeviceEntry {
        id: col(r, "id")?,
        location: col(r, "location")?,
        kind: col(r, "kind")?,
        name: col(r, "name")?,
        last_seen: col::<Option<i64>>(r, "last_seen_at")?.map(from_ms),
        revoked: col::<i64>(r, "revoked")? != 0,
    })
}

impl Store {
    /// Every device ever registered, revoked ones included, by location and id.
    pub async fn device_register(&self) -> Result<Vec<DeviceEntry>> {
        let rows = sqlx::query(&format!("{ENTRY} ORDER BY l.key, d.id"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(entry).collect()
    }

    /// Revokes a device: its token no longer works, on any server (within
    /// [`REVOCATION_CHECK_EVERY`] on those already running). Returns the device as it is now.
    pub async fn revoke_device(&self, id: i64) -> Result<DeviceEntry> {
        let done = sqlx::query("UPDATE devices SET revoked = 1 WHERE id = $1 AND revoked = 0")
            .bind(id)
            .execute(&self.pool)
            .await?
            .rows_affected();
        let row = sqlx::query(&format!("{ENTRY} WHERE d.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("device {id}")))?;
        let device = entry(&row)?;
        if done == 0 {
            return Err(StoreError::Conflict {
                code: "already_revoked",
                message: format!("device {id} (\"{}\") was revoked already", device.name),
            });
        }
        Ok(device)
    }

    /// The ids of devices revoked while this server runs, as it finds them.
    pub fn revoked_devices(&self) -> tokio::sync::broadcast::Receiver<i64> {
        self.revoked_devices.subscribe()
    }

    /// Looks for devices revoked since the last look (`known`: those revoked before): forgets
    /// their tokens and tells their connections. The first look, with `known` empty, only
    /// takes note: no connection of a device revoked before it could have been opened.
    pub async fn check_revocations(&self, known: &mut Option<HashSet<i64>>) -> Result<()> {
        let rows = sqlx::query("SELECT id, token_hash FROM devices WHERE revoked = 1")
            .fetch_all(&self.pool)
            .await?;
        let first = known.is_none();
        let known = known.get_or_insert_with(HashSet::new);
        for r in &rows {
            let id: i64 = r.try_get(0)?;
            if known.insert(id) && !first {
                let hash: String = r.try_get(1)?;
                self.tokens.forget(&hash);
                tracing::info!(
                    device = id,
                    "device revoked: its token is refused from now on"
                );
                // Nobody listening (no socket open) is fine.
                let _ = self.revoked_devices.send(id);
            }
        }
        Ok(())
    }

    /// Takes note of the devices revoked so far, then checks for new revocations every
    /// [`REVOCATION_CHECK_EVERY`] until `stop` flips. The first look is made before the server
    /// serves anyone, so no connection opens between it and a revocation it would miss.
    pub async fn follow_revocations(&self, mut stop: watch::Receiver<bool>) -> Result<()> {
        let mut known = None;
        self.check_revocations(&mut known).await?;
        let store = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(REVOCATION_CHECK_EVERY) => {}
                    _ = stop.wait_for(|v| *v) => break,
                }
                if let Err(e) = store.check_revocations(&mut known).await {
                    tracing::warn!(error = %e, "could not look for revoked devices");
                }
            }
        });
        Ok(())
    }
}
