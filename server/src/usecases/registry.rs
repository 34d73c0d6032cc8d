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

use tokio::sync::watch;

use crate::db::devices;
pub use crate::db::devices::DeviceEntry;
use crate::db::{Result, StoreError};
use crate::engine::Store;

/// How often a server looks for devices revoked since its last look.
pub const REVOCATION_CHECK_EVERY: Duration = Duration::from_secs(5);

impl Store {
    /// Every device ever registered, revoked ones included, by location and id.
    pub async fn device_register(&self) -> Result<Vec<DeviceEntry>> {
        devices::register(&self.pool).await
    }

    /// Revokes a device: its token no longer works, on any server (within
    /// [`REVOCATION_CHECK_EVERY`] on those already running). Returns the device as it is now.
    pub async fn revoke_device(&self, id: i64) -> Result<DeviceEntry> {
        let done = devices::revoke(&self.pool, id).await?;
        let device = devices::register_entry(&self.pool, id).await?;
        if !done {
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
        let revoked = devices::revoked(&self.pool).await?;
        let first = known.is_none();
        let known = known.get_or_insert_with(HashSet::new);
        for (id, hash) in revoked {
            if known.insert(id) && !first {
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
