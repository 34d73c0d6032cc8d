//! Stations connected to other server instances on one PostgreSQL database.
//!
//! A station's row says which instance holds its connection (`connected_to`, written with its
//! online and offline events), and that instance refreshes the `last_seen_at` of its stations
//! every [`HEARTBEAT_EVERY`]. So an instance that starts knows which stations are online
//! elsewhere; and when an instance stops beating (killed, its machine without power), the first
//! other instance to notice marks its stations offline with an ordinary `device_offline` event,
//! which every desk app hears of. An instance that finds a station it holds marked offline (it
//! was too slow to beat) marks it online again.
//!
//! SQLite serves one process: there is nothing to do.
//!
//! Here too: whether a station is online (connected here, or elsewhere by its last event), and
//! the change a device event publishes, written and published like a ticket's.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use onthaal_wire::DeviceInfo;
use sqlx::AnyConnection;
use tokio::sync::watch;

use crate::clock::Clock;
use crate::db::devices::{self, DeviceRow, DeviceUpdate};
use crate::db::tickets::waiting_counts;
use crate::db::{from_ms, ms, Backend, Result};
use crate::domain::events::EventKind;
use crate::engine::hub::Change;
use crate::engine::{Store, WriteTx};

/// How often an instance refreshes its stations' `last_seen_at`.
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(20);

/// A station its instance has not refreshed for this long (three beats) is offline.
pub const GONE_AFTER_MS: i64 = 60_000;

impl Store {
    /// The stations online on other instances, as this one starts.
    pub(crate) async fn load_presence(&self, now: DateTime<Utc>) -> Result<()> {
        let ids =
            devices::online_elsewhere(&self.pool, &self.instance, ms(now) - GONE_AFTER_MS).await?;
        let mut elsewhere = self.elsewhere.lock().expect("presence lock");
        for id in ids {
            elsewhere.insert(id, true);
        }
        Ok(())
    }

    /// One heartbeat (PostgreSQL): this instance's stations are refreshed, or marked online
    /// again where another instance took them for gone; stations of instances that stopped
    /// beating are marked offline.
    pub async fn presence_beat(&self, now: DateTime<Utc>) -> Result<()> {
        if self.backend != Backend::Postgres {
            return Ok(());
        }
        let here: Vec<i64> = self
            .presence
            .lock()
            .expect("presence lock")
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(id, _)| *id)
            .collect();
        if !here.is_empty() {
            for (id, location_id) in devices::not_held_by(&self.pool, &here, &self.instance).await?
            {
                let update = DeviceUpdate::ConnectedTo(self.instance.to_string());
                self.device_event(location_id, id, EventKind::DeviceOnline, now, Some(update))
                    .await?;
            }
            devices::beat(&self.pool, &self.instance, ms(now)).await?;
        }
        let stale_before = ms(now) - GONE_AFTER_MS;
        for d in devices::stale(&self.pool, &self.instance, stale_before).await? {
            self.mark_gone(d.location_id, d.id, d.holder, stale_before, now)
                .await?;
        }
        Ok(())
    }

    /// Marks a station offline whose instance `holder` stopped beating, unless another
    /// instance did so first or it came back meanwhile (checked under the location's lock).
    async fn mark_gone(
        &self,
        location_id: i64,
        device_id: i64,
        holder: String,
        stale_before: i64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut w = self.begin_write(location_id, now).await?;
        let taken = devices::release_stale(&mut w.tx, device_id, &holder, stale_before).await?;
        if !taken {
            w.end_unwritten();
            return Ok(());
        }
        tracing::warn!(
            device = device_id,
            instance = holder,
            "a station's server instance stopped without taking it offline: marked offline"
        );
        self.elsewhere
            .lock()
            .expect("presence lock")
            .insert(device_id, false);
        self.finish_device_event(w, location_id, device_id, EventKind::DeviceOffline, now)
            .await
    }

    /// A heartbeat every [`HEARTBEAT_EVERY`] until `stop` flips.
    pub(crate) fn follow_presence(&self, clock: Arc<dyn Clock>, mut stop: watch::Receiver<bool>) {
        let store = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = stop.wait_for(|stopped| *stopped) => return,
                    _ = tokio::time::sleep(HEARTBEAT_EVERY) => {}
                }
                if let Err(e) = store.presence_beat(clock.now()).await {
                    tracing::warn!(error = %e, "refreshing the stations' presence");
                }
            }
        });
    }
}

/// Stations as the engine publishes them: online here or elsewhere, and the change a device
/// event publishes (a device's events are written and published like a ticket's).
impl Store {
    /// Whether a station holds a connection to this instance now.
    pub fn connected_here(&self, device_id: i64) -> bool {
        self.presence
            .lock()
            .expect("presence lock")
            .get(&device_id)
            .is_some_and(|n| *n > 0)
    }

    /// Connected to this instance, or to another one by its last online/offline event.
    pub(crate) fn is_online(&self, device_id: i64) -> bool {
        self.connected_here(device_id)
            || self
                .elsewhere
                .lock()
                .expect("presence lock")
                .get(&device_id)
                == Some(&true)
    }

    fn device_info(&self, d: DeviceRow) -> DeviceInfo {
        // Only a kiosk has a printer: a display's report (kept by an older server, which took
        // them) is not shown.
        let printer = d
            .status
            .filter(|_| d.kind == crate::domain::roles::DeviceKind::Kiosk.as_str())
            .and_then(|s| serde_json::from_str(&s).ok());
        DeviceInfo {
            id: d.id,
            online: self.is_online(d.id),
            kind: d.kind,
            name: d.name,
            last_seen: d.last_seen_at.map(from_ms),
            printer,
            settings: serde_json::from_str(&d.settings).unwrap_or_default(),
            revoked: d.revoked,
        }
    }

    pub(crate) async fn device_by_id(
        &self,
        conn: &mut AnyConnection,
        device_id: i64,
    ) -> Result<DeviceInfo> {
        Ok(self.device_info(devices::by_id(conn, device_id).await?))
    }

    /// A device after an event another server instance wrote. A device connected to that
    /// instance is online here by its online/offline events (and, for an instance that stops
    /// without writing them, by the heartbeats of `presence.rs`).
    pub(crate) async fn device_after(
        &self,
        conn: &mut AnyConnection,
        device_id: i64,
        kind: EventKind,
    ) -> Result<DeviceInfo> {
        let online = match kind {
            EventKind::DeviceOnline => Some(true),
            EventKind::DeviceOffline => Some(false),
            _ => None,
        };
        if let Some(online) = online {
            self.elsewhere
                .lock()
                .expect("presence lock")
                .insert(device_id, online);
        }
        self.device_by_id(conn, device_id).await
    }

    pub(crate) async fn devices_in(
        &self,
        conn: &mut AnyConnection,
        location_id: i64,
    ) -> Result<Vec<DeviceInfo>> {
        Ok(devices::in_location(conn, location_id)
            .await?
            .into_iter()
            .map(|d| self.device_info(d))
            .collect())
    }

    /// Records a device event (`device_online`, `device_offline`, `device_status`,
    /// `device_settings`) and publishes the device's new state.
    pub(crate) async fn device_event(
        &self,
        location_id: i64,
        device_id: i64,
        kind: EventKind,
        now: DateTime<Utc>,
        update: Option<DeviceUpdate>,
    ) -> Result<()> {
        let mut w = self.begin_write(location_id, now).await?;
        if let Some(change) = update {
            devices::update(&mut w.tx, device_id, change).await?;
        }
        devices::touch(&mut *w.tx, device_id, ms(now)).await?;
        self.finish_device_event(w, location_id, device_id, kind, now)
            .await
    }

    /// Writes the event of a device change made in `w` and publishes the device's new state.
    pub(crate) async fn finish_device_event(
        &self,
        w: WriteTx,
        location_id: i64,
        device_id: i64,
        kind: EventKind,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.finish_device_event_by(w, location_id, device_id, kind, now, None, None)
            .await
    }

    /// As [`Store::finish_device_event`], with who made the change and what it was, for the
    /// audit log (an administrator's change of a station).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn finish_device_event_by(
        &self,
        mut w: WriteTx,
        location_id: i64,
        device_id: i64,
        kind: EventKind,
        now: DateTime<Utc>,
        staff_id: Option<i64>,
        data: Option<serde_json::Value>,
    ) -> Result<()> {
        let seq = Store::write_event(
            &mut w,
            location_id,
            None,
            kind,
            now,
            None,
            None,
            staff_id,
            Some(device_id),
            data.map(|d| d.to_string()),
        )
        .await?;
        let device = self.device_by_id(&mut w.tx, device_id).await?;
        let counts = waiting_counts(&mut w.tx, location_id).await?;
        let services = w.state.service_infos(&counts, now);
        let change = Change {
            location_id,
            seq,
            event: kind.as_str().to_string(),
            ticket: None,
            call: None,
            device: Some(device),
            services,
        };
        self.commit_and_publish(w, Some(change)).await
    }
}
