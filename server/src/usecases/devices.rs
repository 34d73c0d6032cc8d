//! Kiosks and displays as the server sees them: online or not, their printer, their settings.
//!
//! Coming online, going offline, a printer report that changes and new settings are events
//! like any other (an event row, a `seq`), so desks learn of them live and the log keeps them.

use chrono::{DateTime, Utc};
use onthaal_wire::{DeviceInfo, Lang, PrinterReport, StationSettings};
use sqlx::{AnyConnection, Row};

use crate::db::tickets::waiting_counts;
use crate::db::{col, from_ms, ms, Result, StoreError};
use crate::domain::events::EventKind;
use crate::engine::hub::Change;
use crate::engine::{Store, WriteTx};

pub(crate) async fn settings_of(
    conn: &mut AnyConnection,
    device_id: i64,
) -> Result<StationSettings> {
    let row = sqlx::query("SELECT settings FROM devices WHERE id = $1")
        .bind(device_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("device {device_id}")))?;
    let text: String = row.try_get(0)?;
    Ok(serde_json::from_str(&text).unwrap_or_default())
}

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
    fn is_online(&self, device_id: i64) -> bool {
        self.connected_here(device_id)
            || self
                .elsewhere
                .lock()
                .expect("presence lock")
                .get(&device_id)
                == Some(&true)
    }

    fn device_from_row(&self, r: &sqlx::any::AnyRow) -> Result<DeviceInfo> {
        let id: i64 = col(r, "id")?;
        let status: Option<String> = col(r, "status")?;
        let settings: String = col(r, "settings")?;
        let kind: String = col(r, "kind")?;
        // Only a kiosk has a printer: a display's report (kept by an older server, which took
        // them) is not shown.
        let printer = status
            .filter(|_| kind == crate::domain::roles::DeviceKind::Kiosk.as_str())
            .and_then(|s| serde_json::from_str(&s).ok());
        Ok(DeviceInfo {
            id,
            kind,
            name: col(r, "name")?,
            online: self.is_online(id),
            last_seen: col::<Option<i64>>(r, "last_seen_at")?.map(from_ms),
            printer,
            settings: serde_json::from_str(&settings).unwrap_or_default(),
        })
    }

    async fn device_by_id(&self, conn: &mut AnyConnection, device_id: i64) -> Result<DeviceInfo> {
        let row = sqlx::query(
            "SELECT id, kind, name, last_seen_at, status, settings FROM devices WHERE id = $1",
        )
        .bind(device_id)
        .fetch_one(&mut *conn)
        .await?;
        self.device_from_row(&row)
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
        let rows = sqlx::query(
            "SELECT id, kind, name, last_seen_at, status, settings FROM devices WHERE location_id = $1 AND revoked = 0 ORDER BY kind, name, id",
        )
        .bind(location_id)
        .fetch_all(&mut *conn)
        .await?;
        rows.iter().map(|r| self.device_from_row(r)).collect()
    }

    /// The kiosks and displays of a location.
    pub async fn devices(&self, location_id: i64) -> Result<Vec<DeviceInfo>> {
        let mut conn = self.pool.acquire().await?;
        self.devices_in(&mut conn, location_id).await
    }

    pub async fn device_settings(&self, device_id: i64) -> Result<StationSettings> {
        let mut conn = self.pool.acquire().await?;
        settings_of(&mut conn, device_id).await
    }

    /// Records a device event (`device_online`, `device_offline`, `device_status`,
    /// `device_settings`) and publishes the device's new state.
    pub(crate) async fn device_event(
        &self,
        location_id: i64,
        device_id: i64,
        kind: EventKind,
        now: DateTime<Utc>,
        // An UPDATE with `$1` = the value and `$2` = the device id.
        update: Option<(&'static str, Option<String>)>,
    ) -> Result<()> {
        let mut w = self.begin_write(location_id, now).await?;
        if let Some((sql, value)) = update {
            sqlx::query(sql)
                .bind(value)
                .bind(device_id)
                .execute(&mut *w.tx)
                .await?;
        }
        sqlx::query("UPDATE devices SET last_seen_at = $1 WHERE id = $2")
            .bind(ms(now))
            .bind(device_id)
            .execute(&mut *w.tx)
            .await?;
        self.finish_device_event(w, location_id, device_id, kind, now)
            .await
    }

    /// Writes the event of a device change made in `w` and publishes the device's new state.
    pub(crate) async fn finish_device_event(
        &self,
        mut w: WriteTx,
        location_id: i64,
        device_id: i64,
        kind: EventKind,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let seq = Store::write_event(
            &mut w,
            location_id,
            None,
            kind,
            now,
            None,
            None,
            None,
            Some(device_id),
            None,
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

    /// A station's WebSocket opened (`true`) or closed (`false`). Only the first connection
    /// and the last disconnection of a device are events.
    pub async fn device_presence(
        &self,
        location_id: i64,
        device_id: i64,
        connected: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let changed = {
            let mut p = self.presence.lock().expect("presence lock");
            let n = p.entry(device_id).or_insert(0);
            if connected {
                *n += 1;
                *n == 1
            } else {
                *n = n.saturating_sub(1);
                *n == 0
            }
        };
        if !changed {
            return Ok(());
        }
        // This event is newer than any other instance's about the device.
        self.elsewhere
            .lock()
            .expect("presence lock")
            .remove(&device_id);
        // Which instance holds the connection, for the others (see `presence.rs`); a station
        // that went over to another instance meanwhile stays theirs.
        let (kind, sql) = if connected {
            (
                EventKind::DeviceOnline,
                "UPDATE devices SET connected_to = $1 WHERE id = $2",
            )
        } else {
            (
                EventKind::DeviceOffline,
                "UPDATE devices SET connected_to = NULL WHERE id = $2 AND connected_to = $1",
            )
        };
        let update = (sql, Some(self.instance.to_string()));
        self.device_event(location_id, device_id, kind, now, Some(update))
            .await
    }

    /// A station's report on its printer; an unchanged report only refreshes `last_seen`.
    pub async fn device_status(
        &self,
        location_id: i64,
        device_id: i64,
        printer: Option<PrinterReport>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let new = printer.map(|p| serde_json::to_string(&p).expect("report serialises"));
        let old: Option<String> = sqlx::query("SELECT status FROM devices WHERE id = $1")
            .bind(device_id)
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        if old == new {
            sqlx::query("UPDATE devices SET last_seen_at = $1 WHERE id = $2")
                .bind(ms(now))
                .bind(device_id)
                .execute(&self.pool)
                .await?;
            return Ok(());
        }
        self.device_event(
            location_id,
            device_id,
            EventKind::DeviceStatus,
            now,
            Some(("UPDATE devices SET status = $1 WHERE id = $2", new)),
        )
        .await
    }

    /// Changes a station's settings (admin); the station picks them up at once.
    pub async fn set_device_settings(
        &self,
        device_id: i64,
        settings: StationSettings,
        now: DateTime<Utc>,
    ) -> Result<DeviceInfo> {
        let row = sqlx::query("SELECT location_id FROM devices WHERE id = $1 AND revoked = 0")
            .bind(device_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("device {device_id}")))?;
        let location_id: i64 = row.try_get(0)?;
        let st = self.location_state(location_id).await?;
        if let Some(bad) = settings
            .services
            .iter()
            .find(|k| st.service_by_key(k).is_none())
        {
            return Err(StoreError::Rejected {
                code: "unknown_service",
                message: format!("there is no service \"{bad}\" here"),
            });
        }
        if settings
            .info_line
            .iter()
            .chain(settings.info_lines.values())
            .any(|l| l.chars().count() > 200)
        {
            return Err(StoreError::Rejected {
                code: "invalid_info_line",
                message: "keep the information line under 200 characters".into(),
            });
        }
        if let Some(bad) = settings
            .info_lines
            .keys()
            .find(|k| Lang::parse(k).is_none())
        {
            return Err(StoreError::Rejected {
                code: "unknown_language",
                message: format!("\"{bad}\" is not a language of Onthaal (nl, fr, en, uk, ar, tr)"),
            });
        }
        let json = serde_json::to_string(&settings).expect("settings serialise");
        self.device_event(
            location_id,
            device_id,
            EventKind::DeviceSettings,
            now,
            Some(("UPDATE devices SET settings = $1 WHERE id = $2", Some(json))),
        )
        .await?;
        let mut conn = self.pool.acquire().await?;
        let devices = self.devices_in(&mut conn, location_id).await?;
        devices
            .into_iter()
            .find(|d| d.id == device_id)
            .ok_or_else(|| StoreError::NotFound(format!("device {device_id}")))
    }
}
