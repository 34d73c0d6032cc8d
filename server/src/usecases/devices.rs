//! Kiosks and displays as the server sees them: online or not, their printer, their settings.
//!
//! Coming online, going offline, a printer report that changes and new settings are events
//! like any other (an event row, a `seq`), so desks learn of them live and the log keeps them.

use chrono::{DateTime, Utc};
use onthaal_wire::{DeviceInfo, Lang, PrinterReport, StationSettings};
use sqlx::{AnyConnection, Row};

use crate::db::{ms, Result, StoreError};
use crate::domain::events::EventKind;
use crate::engine::Store;

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
    /// The kiosks and displays of a location.
    pub async fn devices(&self, location_id: i64) -> Result<Vec<DeviceInfo>> {
        let mut conn = self.pool.acquire().await?;
        self.devices_in(&mut conn, location_id).await
    }

    pub async fn device_settings(&self, device_id: i64) -> Result<StationSettings> {
        let mut conn = self.pool.acquire().await?;
        settings_of(&mut conn, device_id).await
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
        // Which instance holds the connection, for the others (see `engine/presence.rs`); a station
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
