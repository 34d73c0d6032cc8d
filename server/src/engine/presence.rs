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

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::Row;
use tokio::sync::watch;

use crate::clock::Clock;
use crate::db::{ms, Backend, Result};
use crate::domain::events::EventKind;
use crate::engine::Store;

/// How often an instance refreshes its stations' `last_seen_at`.
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(20);

/// A station its instance has not refreshed for this long (three beats) is offline.
pub const GONE_AFTER_MS: i64 = 60_000;

impl Store {
    /// The stations online on other instances, as this one starts.
    pub(crate) async fn load_presence(&self, now: DateTime<Utc>) -> Result<()> {
        let rows = sqlx::query(
            "SELECT id FROM devices WHERE revoked = 0 AND connected_to IS NOT NULL \
             AND connected_to <> $1 AND last_seen_at >= $2",
        )
        .bind(&*self.instance)
        .bind(ms(now) - GONE_AFTER_MS)
        .fetch_all(&self.pool)
        .await?;
        let mut elsewhere = self.elsewhere.lock().expect("presence lock");
        for r in &rows {
            elsewhere.insert(r.try_get(0)?, true);
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
            let list = (2..here.len() + 2)
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT id, location_id FROM devices WHERE id IN ({list}) \
                 AND (connected_to IS NULL OR connected_to <> $1)"
            );
            let mut q = sqlx::query(&sql).bind(&*self.instance);
            for id in &here {
                q = q.bind(*id);
            }
            for r in q.fetch_all(&self.pool).await? {
                let update = (
                    "UPDATE devices SET connected_to = $1 WHERE id = $2",
                    Some(self.instance.to_string()),
                );
                self.device_event(
                    r.try_get(1)?,
                    r.try_get(0)?,
                    EventKind::DeviceOnline,
                    now,
                    Some(update),
                )
                .await?;
            }
            sqlx::query("UPDATE devices SET last_seen_at = $1 WHERE connected_to = $2")
                .bind(ms(now))
                .bind(&*self.instance)
                .execute(&self.pool)
                .await?;
        }
        let stale_before = ms(now) - GONE_AFTER_MS;
        let gone = sqlx::query(
            "SELECT id, location_id, connected_to FROM devices WHERE revoked = 0 \
             AND connected_to IS NOT NULL AND connected_to <> $1 AND last_seen_at < $2",
        )
        .bind(&*self.instance)
        .bind(stale_before)
        .fetch_all(&self.pool)
        .await?;
        for r in &gone {
            self.mark_gone(
                r.try_get(1)?,
                r.try_get(0)?,
                r.try_get(2)?,
                stale_before,
                now,
            )
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
        let taken = sqlx::query(
            "UPDATE devices SET connected_to = NULL \
             WHERE id = $1 AND connected_to = $2 AND last_seen_at < $3",
        )
        .bind(device_id)
        .bind(&holder)
        .bind(stale_before)
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        if taken == 0 {
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
