//! Closing a service "now" and reopening it: reception or a manager closes the permanentie when
//! staff are ill, until a time today or the end of the day, with a reason visitors are told in
//! their language. No ticket can be taken for it meanwhile (`issue.rs` refuses, as for closing
//! hours); visitors already waiting keep their place, their status page says so, and desks go on
//! calling them.
//!
//! A closure is a row of `service_closures` and a `service_closed` event, written in one
//! transaction; reopening deletes the row with a `service_reopened` event. Both are published
//! like any change (every service's figures, now with `closed_now`), so kiosks, displays, desks
//! and status pages follow at once, on every server instance: another instance reads its live
//! state again when it publishes the event (`engine/instances.rs`), closures included. A closure
//! ends by itself at its time — the live state counts the service as open from then — and
//! [`Store::end_passed_closures`] writes that end as an event, so screens change at the minute.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use onthaal_wire::{CloseService, ServiceClosure};
use serde_json::json;
use tokio::sync::watch;

use crate::clock::Clock;
use crate::db::service_closures::{self, ClosureRow};
use crate::db::{from_ms, ms, Result, StoreError};
use crate::domain::closures::{check, is_end_of_day};
use crate::domain::events::EventKind;
use crate::engine::{Store, WriteTx};

/// How often the server looks for closures whose time has come.
const CLOSURE_CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

impl Store {
    /// Closes a location's service now, or changes the time or reason of its closure; `by` is
    /// the staff member (id, name).
    pub async fn close_service(
        &self,
        location_id: i64,
        key: &str,
        req: &CloseService,
        by: (i64, &str),
        now: DateTime<Utc>,
    ) -> Result<ServiceClosure> {
        let mut w = self.begin_write(location_id, now).await?;
        let service_id = service_id(&w, key)?;
        let closing = check(
            &req.reason,
            req.until.as_deref(),
            req.note.as_deref(),
            now,
            w.state.tz,
        )
        .map_err(|r| StoreError::Rejected {
            code: r.code(),
            message: r.message(),
        })?;
        let before = w.state.closed_now(service_id, now);
        let row = ClosureRow {
            service_id,
            until_at: ms(closing.until),
            reason: closing.reason.clone(),
            note: closing.note.clone(),
            closed_by: Some(by.0),
            closed_at: ms(now),
        };
        service_closures::set(&mut w.tx, &row).await?;
        w.state.closures.insert(service_id, row.clone());
        let data = json!({
            "service": key,
            "until": closing.until.to_rfc3339(),
            "end_of_day": is_end_of_day(closing.until, w.state.tz),
            "reason": closing.reason,
            "note": closing.note,
            "before": before,
            "by": by.1,
        });
        let change = self
            .plain_event(
                &mut w,
                None,
                EventKind::ServiceClosed,
                Some(service_id),
                Some(by.0),
                data,
                now,
            )
            .await?;
        let answer = view(&w, key, &row, Some(by.1.to_string()));
        self.commit_and_publish(w, Some(change)).await?;
        Ok(answer)
    }

    /// Reopens a service closed now, before its time: `409 not_closed` if it is not closed.
    pub async fn reopen_service(
        &self,
        location_id: i64,
        key: &str,
        by: (i64, &str),
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut w = self.begin_write(location_id, now).await?;
        let service_id = service_id(&w, key)?;
        let Some(before) = w.state.closed_now(service_id, now) else {
            return Err(StoreError::Conflict {
                code: "not_closed",
                message: format!("{key} is not closed by staff now"),
            });
        };
        service_closures::delete(&mut w.tx, service_id).await?;
        w.state.closures.remove(&service_id);
        let data = json!({"service": key, "before": before, "by": by.1});
        self.reopened(w, service_id, Some(by.0), data, now).await
    }

    /// Writes a service's `service_reopened` event (`by` the staff member; none for the clock)
    /// and commits the write.
    async fn reopened(
        &self,
        mut w: WriteTx,
        service_id: i64,
        by: Option<i64>,
        data: serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let change = self
            .plain_event(
                &mut w,
                None,
                EventKind::ServiceReopened,
                Some(service_id),
                by,
                data,
                now,
            )
            .await?;
        self.commit_and_publish(w, Some(change)).await
    }

    /// A location's services closed now, as staff see them (with the note and who closed).
    pub async fn closures(
        &self,
        location_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Vec<ServiceClosure>> {
        let st = self.location_state(location_id).await?;
        let names: Vec<(i64, String)> = self
            .staff_list()
            .await?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
        let mut out = Vec::new();
        for s in &st.services {
            let (Some(row), Some(closed)) = (st.closures.get(&s.id), st.closed_now(s.id, now))
            else {
                continue;
            };
            let by = row
                .closed_by
                .and_then(|id| names.iter().find(|(i, _)| *i == id))
                .map(|(_, n)| n.clone());
            out.push(ServiceClosure {
                service: s.key.clone(),
                closed,
                note: row.note.clone(),
                closed_by: by,
                closed_at: from_ms(row.closed_at),
            });
        }
        Ok(out)
    }

    /// Ends every closure whose time has come, each with a `service_reopened` event (by the
    /// clock: no staff member). With several server instances each may look; the one that
    /// deletes the row writes the event, the others find it gone.
    pub async fn end_passed_closures(&self, now: DateTime<Utc>) -> Result<usize> {
        let ids = self.live_location_ids();
        let mut ended = 0;
        for location_id in ids {
            let due: Vec<i64> = {
                let lock = self.location_lock(location_id)?;
                let st = lock.lock().await;
                st.closures
                    .values()
                    .filter(|c| c.until_at <= ms(now))
                    .map(|c| c.service_id)
                    .collect()
            };
            for service_id in due {
                let mut w = self.begin_write(location_id, now).await?;
                let Some(row) = w.state.closures.remove(&service_id) else {
                    w.end_unwritten();
                    continue;
                };
                if !service_closures::delete(&mut w.tx, service_id).await? {
                    // Another instance ended it first; its event reaches us on its own.
                    w.end_unwritten();
                    continue;
                }
                let key = w
                    .state
                    .service(service_id)
                    .map(|s| s.key.clone())
                    .unwrap_or_default();
                let until = from_ms(row.until_at);
                let data = json!({
                    "service": key,
                    "before": {
                        "until": until.to_rfc3339(),
                        "end_of_day": is_end_of_day(until, w.state.tz),
                        "reason": row.reason,
                    },
                    "by": "time",
                });
                self.reopened(w, service_id, None, data, now).await?;
                ended += 1;
            }
        }
        Ok(ended)
    }

    /// Ends closures at their time, every [`CLOSURE_CHECK_EVERY`], until the server stops.
    pub fn follow_closures(&self, clock: Arc<dyn Clock>, mut stop: watch::Receiver<bool>) {
        let store = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(CLOSURE_CHECK_EVERY) => {}
                    _ = stop.wait_for(|v| *v) => break,
                }
                if let Err(e) = store.end_passed_closures(clock.now()).await {
                    tracing::warn!(error = %e, "could not end a service's closure at its time");
                }
            }
        });
    }
}

/// The id of the location's service `key`, or `404`.
fn service_id(w: &WriteTx, key: &str) -> Result<i64> {
    w.state
        .service_by_key(key)
        .map(|s| s.id)
        .ok_or_else(|| StoreError::NotFound(format!("service \"{key}\"")))
}

/// A closure as staff see it.
fn view(w: &WriteTx, key: &str, row: &ClosureRow, by: Option<String>) -> ServiceClosure {
    let until = from_ms(row.until_at);
    ServiceClosure {
        service: key.to_string(),
        closed: onthaal_wire::ClosedNow {
            until,
            end_of_day: is_end_of_day(until, w.state.tz),
            reason: row.reason.clone(),
        },
        note: row.note.clone(),
        closed_by: by,
        closed_at: from_ms(row.closed_at),
    }
}
