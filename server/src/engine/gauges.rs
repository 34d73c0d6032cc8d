//! The live figures `/metrics` reads at each scrape (`http/metrics.rs`): queues, stations and
//! their printers, the database pools, and how far behind other instances' events are seen.
//!
//! The queues come from the live state in memory (no query); the stations' printer reports
//! live only in the database, so they cost one short query per scrape. Nothing here holds a
//! name, number or token of a visitor or staff member: services, locations and stations are
//! named by their configuration keys and names.

use chrono::{DateTime, Utc};
use onthaal_wire::{PrinterReport, PrinterState};

use crate::db::{ms, Result};
use crate::engine::instances::AppliedFigures;
use crate::engine::Store;

/// One service's queue at one location.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueGauge {
    pub location: String,
    pub service: String,
    pub waiting: u32,
    /// How long the longest-waiting ticket has waited (0 when nobody waits).
    pub oldest_wait_s: f64,
    /// The service's target wait (`target_wait_min` in the configuration).
    pub target_wait_s: i64,
}

/// A registered (not revoked) station.
#[derive(Debug, Clone, PartialEq)]
pub struct StationGauge {
    pub location: String,
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub online: bool,
    /// A kiosk's last printer report; `None` when it has not reported one.
    pub printer: Option<PrinterState>,
}

/// One connection pool of the database.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PoolGauge {
    /// `read` (requests, snapshots) or `write` (the location writers).
    pub pool: &'static str,
    pub size: u32,
    pub idle: usize,
    pub max: u32,
}

impl Store {
    fn location_key(&self, id: i64) -> String {
        self.location_order
            .read()
            .expect("location order lock")
            .iter()
            .find(|(l, _)| *l == id)
            .map_or_else(|| id.to_string(), |(_, key)| key.clone())
    }

    /// Every service of every location with its queue, from the live state.
    pub async fn queue_gauges(&self, now: DateTime<Utc>) -> Result<Vec<QueueGauge>> {
        let locations = self
            .location_order
            .read()
            .expect("location order lock")
            .clone();
        let mut out = Vec::new();
        for (id, key) in locations {
            let Ok(lock) = self.location_lock(id) else {
                continue;
            };
            let mut st = lock.lock().await;
            self.reload_if_uncommitted(&mut st).await?;
            let waiting = st.live.waiting_by_service();
            for s in &st.services {
                let (n, oldest) = waiting.get(&s.id).copied().unwrap_or((0, ms(now)));
                out.push(QueueGauge {
                    location: key.clone(),
                    service: s.key.clone(),
                    waiting: n,
                    oldest_wait_s: (ms(now) - oldest).max(0) as f64 / 1000.0,
                    target_wait_s: s.target_wait_s,
                });
            }
        }
        Ok(out)
    }

    /// Every registered station: online or not, and a kiosk's printer.
    pub async fn station_gauges(&self) -> Result<Vec<StationGauge>> {
        let stations = crate::db::devices::active(&self.pool).await?;
        let mut out = Vec::with_capacity(stations.len());
        for d in stations {
            // Only a kiosk has a printer (as `device_from_row` has it).
            let printer = d
                .status
                .filter(|_| d.kind == crate::domain::roles::DeviceKind::Kiosk.as_str())
                .and_then(|s| serde_json::from_str::<PrinterReport>(&s).ok())
                .map(|p| p.state);
            out.push(StationGauge {
                location: self.location_key(d.location_id),
                id: d.id,
                kind: d.kind,
                name: d.name,
                online: self.is_online(d.id),
                printer,
            });
        }
        Ok(out)
    }

    /// Both connection pools as they stand.
    pub fn pool_gauges(&self) -> [PoolGauge; 2] {
        let gauge = |pool, p: &sqlx::AnyPool| PoolGauge {
            pool,
            size: p.size(),
            idle: p.num_idle(),
            max: p.options().get_max_connections(),
        };
        [gauge("read", &self.pool), gauge("write", &self.write_pool)]
    }

    /// Per location key: what this instance has applied of other instances' events (empty
    /// with SQLite, and until another instance writes).
    pub fn applied_gauges(&self) -> Vec<(String, AppliedFigures)> {
        self.applied
            .figures()
            .into_iter()
            .map(|(id, f)| (self.location_key(id), f))
            .collect()
    }
}
