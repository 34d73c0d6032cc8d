//! The read side of the queue: services with their waiting counts and estimates, the
//! snapshot a client gets when it connects, today's recent calls, the desks.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use onthaal_wire::{CallView, ClientKind, ServiceInfo, Snapshot, Ticket, TicketState};
use sqlx::{AnyConnection, Row};

use crate::db::tickets::{waiting_counts, TicketRow, TICKET_COLUMNS};
use crate::db::{col, from_ms, ms, Result, StoreError};
use crate::domain::events::EventKind;
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
    let sql = format!(
        "SELECT {TICKET_COLUMNS}, e.kind AS ev_kind, e.at AS ev_at, e.desk_id AS ev_desk FROM events e \
         JOIN tickets t ON t.id = e.ticket_id \
         WHERE e.location_id = $1 AND e.kind IN ('{}', '{}') AND e.at >= $3 ORDER BY e.seq DESC LIMIT $2",
        EventKind::Called,
        EventKind::Recalled
    );
    let midnight = local_midnight(now, st.tz);
    let rows = sqlx::query(&sql)
        .bind(st.id)
        .bind(limit)
        .bind(ms(midnight))
        .fetch_all(&mut *conn)
        .await?;
    let mut out = Vec::new();
    for r in rows {
        let mut t = TicketRow::from_row(&r)?;
        t.desk_id = col(&r, "ev_desk")?;
        let kind: String = col(&r, "ev_kind")?;
        if let Some(v) = t.call_view(
            st,
            from_ms(col(&r, "ev_at")?),
            kind == EventKind::Recalled.as_str(),
        ) {
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
    let sql = format!(
        "SELECT {TICKET_COLUMNS} FROM tickets t WHERE t.location_id = $1 \
         AND t.state IN ('waiting', 'called', 'serving') ORDER BY t.priority DESC, t.queued_at, t.id"
    );
    let rows = sqlx::query(&sql).bind(st.id).fetch_all(&mut *conn).await?;
    let mut ahead: HashMap<i64, u32> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let t = TicketRow::from_row(&r)?;
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
        let row = sqlx::query("SELECT location_id FROM desks WHERE id = $1 AND active = 1")
            .bind(desk_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("desk {desk_id}")))?;
        Ok(row.try_get(0)?)
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
            Some(id) => Some(crate::usecases::devices::settings_of(&mut conn, id).await?),
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
