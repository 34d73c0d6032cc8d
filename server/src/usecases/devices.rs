//! Kiosks and displays as the server sees them: online or not, their printer, their settings.
//!
//! Coming online, going offline, a printer report that changes and new settings are events
//! like any other (an event row, a `seq`), so desks learn of them live and the log keeps them.

use chrono::{DateTime, Utc};
use onthaal_wire::{DeviceInfo, Lang, PrinterReport, StationSettings};

use crate::db::devices::{self, DeviceUpdate};
use crate::db::{ms, Result, StoreError};
use crate::domain::events::EventKind;
use crate::engine::Store;

impl Store {
    /// The kiosks and displays of a location.
    pub async fn devices(&self, location_id: i64) -> Result<Vec<DeviceInfo>> {
        let mut conn = self.pool.acquire().await?;
        self.devices_in(&mut conn, location_id).await
    }

    pub async fn device_settings(&self, device_id: i64) -> Result<StationSettings> {
        let mut conn = self.pool.acquire().await?;
        devices::settings(&mut *conn, device_id).await
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
        let instance = self.instance.to_string();
        let (kind, update) = if connected {
            (EventKind::DeviceOnline, DeviceUpdate::ConnectedTo(instance))
        } else {
            (
                EventKind::DeviceOffline,
                DeviceUpdate::DisconnectedFrom(instance),
            )
        };
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
        let old = devices::status(&self.pool, device_id).await?;
        if old == new {
            devices::touch(&self.pool, device_id, ms(now)).await?;
            return Ok(());
        }
        self.device_event(
            location_id,
            device_id,
            EventKind::DeviceStatus,
            now,
            Some(DeviceUpdate::Status(new)),
        )
        .await
    }

    /// Changes a station's settings (admin, `by`); the station picks them up at once. The
    /// audit log keeps who changed them and the settings before and after.
    pub async fn set_device_settings(
        &self,
        by: Option<i64>,
        device_id: i64,
        settings: StationSettings,
        now: DateTime<Utc>,
    ) -> Result<DeviceInfo> {
        let location_id = devices::location_of_active(&self.pool, device_id).await?;
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
                message: format!(
                    "\"{bad}\" is not a language of Onthaal ({})",
                    onthaal_i18n::languages().collect::<Vec<_>>().join(", ")
                ),
            });
        }
        let before = devices::settings(&self.pool, device_id).await?;
        let json = serde_json::to_string(&settings).expect("settings serialise");
        let mut w = self.begin_write(location_id, now).await?;
        // Not a sign of life of the station: `last_seen` stays as it was.
        devices::update(&mut w.tx, device_id, DeviceUpdate::Settings(json)).await?;
        let data = serde_json::json!({"before": before, "after": settings});
        self.finish_device_event_by(
            w,
            location_id,
            device_id,
            EventKind::DeviceSettings,
            now,
            by,
            Some(data),
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
