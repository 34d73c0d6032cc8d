//! The read side of the queue: services with their waiting counts and estimates, the
//! snapshot a client gets when it connects, today's recent calls, the desks.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use onthaal_wire::{CallView, ClientKind, ServiceInfo, Snapshot, Ticket, TicketState};
use sqlx::AnyConnection;

use crate::db::tickets::{self, waiting_counts, TicketRow};
use crate::db::{from_ms, ms, Result};
use crate::engine::state::{local_midnight, LocationState};
use crate::engine::Store;

/// Today's latest calls and recalls, newest first. Only today's: numbers restart every day,
/// so yesterday's P003 on the screen would be mistaken for today's.
async fn recent_calls(
    conn: &mut AnyConnection,
    st: &LocationState,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<Vec<CallView>> {
    let midnight = local_midnight(now, st.tz);
    let mut out = Vec::new();
    for c in tickets::calls_since(conn, st.id, ms(midnight), limit).await? {
        let t = TicketRow {
            desk_id: c.desk_id,
            ..c.ticket
        };
        if let Some(v) = t.call_view(st, from_ms(c.at), c.recall) {
            out.push(v);
        }
    }
    Ok(out)
}

/// Every waiting, called or serving ticket with positions computed per service.
async fn active_tickets(
    conn: &mut AnyConnection,
    st: &LocationState,
    now: DateTime<Utc>,
) -> Result<Vec<Ticket>> {
    let rows = tickets::active(conn, st.id).await?;
    let mut ahead: HashMap<i64, u32> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for t in rows {
        let pos = if t.state == TicketState::Waiting {
            let n = ahead.entry(t.service_id).or_insert(0);
            let p = *n;
            *n += 1;
            Some(p)
        } else {
            None
        };
        out.push(t.to_wire(st, pos, now));
    }
    Ok(out)
}

impl Store {
    pub async fn location_of_desk(&self, desk_id: i64) -> Result<i64> {
        crate::db::desks::location_of_active(&self.pool, desk_id).await
    }

    /// Services with open state, waiting counts and estimates (`GET /api/v1/services`).
    pub async fn services(&self, location_id: i64, now: DateTime<Utc>) -> Result<Vec<ServiceInfo>> {
        let st = self.location_state(location_id).await?;
        let mut conn = self.pool.acquire().await?;
        let counts = waiting_counts(&mut conn, location_id).await?;
        Ok(st.service_infos(&counts, now))
    }

    /// The full state for one kind of client. Taken under the location lock, so the `seq`
    /// matches the data exactly and no event can slip between them.
    ///
    /// `device` is the connecting station: a display configured for some services gets only
    /// those services and their calls.
    pub async fn snapshot(
        &self,
        location_id: i64,
        kind: ClientKind,
        device: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Snapshot> {
        let lock = self.location_lock(location_id)?;
        let mut st = lock.lock().await;
        self.reload_if_uncommitted(&mut st).await?;
        let mut conn = self.pool.acquire().await?;
        let counts = waiting_counts(&mut conn, location_id).await?;
        let mut services = st.service_infos(&counts, now);
        let mut recent_calls = recent_calls(&mut conn, &st, 8, now).await?;
        let settings = match device {
            Some(id) => Some(crate::db::devices::settings(&mut *conn, id).await?),
            None => None,
        };
        if let Some(filter) = settings
            .as_ref()
            .map(|s| &s.services)
            .filter(|f| !f.is_empty())
        {
            services.retain(|s| filter.contains(&s.key));
            recent_calls.retain(|c| filter.contains(&c.service));
        }
        let (tickets, devices) = match kind {
            ClientKind::Desk => (
                active_tickets(&mut conn, &st, now).await?,
                self.devices_in(&mut conn, location_id).await?,
            ),
            ClientKind::Display | ClientKind::Kiosk => (Vec::new(), Vec::new()),
        };
        Ok(Snapshot {
            seq: st.seq,
            kind,
            location: st.info(),
            services,
            recent_calls,
            tickets,
            settings,
            devices,
            public_url: None,
        })
    }

    pub async fn desks(&self, location_id: i64) -> Result<Vec<onthaal_wire::Desk>> {
        let st = self.location_state(location_id).await?;
        Ok(st
            .desks
            .iter()
            .map(|d| onthaal_wire::Desk {
                id: d.id,
                name: d.name.clone(),
                kind: d.kind.clone(),
                services: d
                    .services
                    .iter()
                    .filter_map(|id| st.service(*id).map(|s| s.key.clone()))
                    .collect(),
            })
            .collect())
    }
}
