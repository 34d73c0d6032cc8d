//! The `tickets` table: the row as stored, reading one, its place in the queue, the waiting
//! counts, and the writes of the queue's hot path (see `usecases/issue.rs`, `usecases/call.rs`).

use std::collections::HashMap;

use onthaal_wire::{Channel, Lang, TicketState};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::db::{col, Result, StoreError};

/// Waiting tickets per service.
pub async fn waiting_counts(
    conn: &mut AnyConnection,
    location_id: i64,
) -> Result<HashMap<i64, u32>> {
    let rows = sqlx::query(
        // Per service on the `tickets_queue` index: an index-only count, no sort (see
        // `waiting_before_issue` in tickets.rs).
        "SELECT s.id AS service_id, (SELECT COUNT(*) FROM tickets t WHERE t.service_id = s.id AND t.state = 'waiting') AS n \
         FROM services s WHERE s.location_id = $1",
    )
    .bind(location_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((col::<i64>(r, "service_id")?, col::<i64>(r, "n")? as u32)))
        .collect()
}

/// The columns every ticket query selects, so [`TicketRow::from_row`] can read them.
pub const TICKET_COLUMNS: &str =
    "t.id, t.location_id, t.service_id, t.number, t.state, t.priority, \
     t.channel, t.lang, t.status_token, t.created_at, t.queued_at, t.called_at, t.started_at, \
     t.desk_id, t.staff_id, t.assigned_desk_id, t.assigned_staff_id, t.transferred_from_id, \
     t.device_id, t.finished_at, t.triage_outcome";

/// A ticket as stored.
#[derive(Debug, Clone)]
pub struct TicketRow {
    pub id: i64,
    pub location_id: i64,
    pub service_id: i64,
    pub number: String,
    pub state: TicketState,
    pub priority: bool,
    pub channel: Channel,
    pub lang: Lang,
    pub status_token: String,
    pub created_at: i64,
    pub queued_at: i64,
    pub called_at: Option<i64>,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub desk_id: Option<i64>,
    pub assigned_desk_id: Option<i64>,
    pub assigned_staff_id: Option<i64>,
    pub transferred_from_id: Option<i64>,
}

impl TicketRow {
    pub fn from_row(r: &AnyRow) -> Result<TicketRow> {
        let state: String = col(r, "state")?;
        let channel: String = col(r, "channel")?;
        let lang: String = col(r, "lang")?;
        Ok(TicketRow {
            id: col(r, "id")?,
            location_id: col(r, "location_id")?,
            service_id: col(r, "service_id")?,
            number: col(r, "number")?,
            state: TicketState::parse(&state)
                .ok_or_else(|| StoreError::Corrupt(format!("ticket state {state}")))?,
            priority: col::<i64>(r, "priority")? != 0,
            channel: Channel::parse(&channel)
                .ok_or_else(|| StoreError::Corrupt(format!("channel {channel}")))?,
            lang: Lang::parse(&lang).unwrap_or_default(),
            status_token: col(r, "status_token")?,
            created_at: col(r, "created_at")?,
            queued_at: col(r, "queued_at")?,
            called_at: col(r, "called_at")?,
            started_at: col(r, "started_at")?,
            finished_at: col(r, "finished_at")?,
            desk_id: col(r, "desk_id")?,
            assigned_desk_id: col(r, "assigned_desk_id")?,
            assigned_staff_id: col(r, "assigned_staff_id")?,
            transferred_from_id: col(r, "transferred_from_id")?,
        })
    }
}

pub async fn ticket_by_id(conn: &mut AnyConnection, id: i64) -> Result<TicketRow> {
    let sql = format!("SELECT {TICKET_COLUMNS} FROM tickets t WHERE t.id = $1");
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("ticket {id}")))?;
    TicketRow::from_row(&row)
}

/// Visitors of the same service before this waiting ticket (priority first, then arrival).
pub async fn position(conn: &mut AnyConnection, t: &TicketRow) -> Result<Option<u32>> {
    if t.state != TicketState::Waiting {
        return Ok(None);
    }
    let n: i64 = sqlx::query(
        "SELECT COUNT(*) FROM tickets WHERE location_id = $1 AND state = 'waiting' AND service_id = $2 \
         AND (priority > $3 OR (priority = $3 AND (queued_at < $4 OR (queued_at = $4 AND id < $5))))",
    )
    .bind(t.location_id)
    .bind(t.service_id)
    .bind(t.priority as i64)
    .bind(t.queued_at)
    .bind(t.id)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    Ok(Some(n as u32))
}
