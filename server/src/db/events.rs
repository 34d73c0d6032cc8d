//! The `events` table: one row per change of a location, numbered by its `seq`, written in the
//! change's own transaction. The kinds are [`crate::domain::events::EventKind`].

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use onthaal_wire::AuditEntry;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::db::{col, from_ms, AnyQuery, Result};
use crate::domain::events::EventKind;

/// The INSERT of `n` event rows of a location, numbering its parameters from `$first`: the
/// location, then eight per event (bound by [`bind_events`]). It returns each row's `seq`.
pub fn events_insert(first: usize, n: usize) -> String {
    // The next `seq` is read in the insert itself, so a group of events costs one statement.
    // Writers of a location take turns (`begin_write`), `UNIQUE (location_id, seq)` backs that
    // up, and both databases read every `MAX(seq)` before the first row goes in (PostgreSQL
    // from the statement's snapshot, SQLite because the SELECT reads the table it fills).
    let row = |k: usize| {
        let params: Vec<String> = (first + 1 + k * 8..first + 1 + (k + 1) * 8)
            .map(|n| format!("${n}"))
            .collect();
        format!(
            "SELECT ${first}, m.s + {}, {} \
             FROM (SELECT COALESCE(MAX(seq), 0) AS s FROM events WHERE location_id = ${first}) m",
            k + 1,
            params.join(", ")
        )
    };
    format!(
        "INSERT INTO events (location_id, seq, ticket_id, kind, at, service_id, desk_id, staff_id, device_id, data) {} \
         RETURNING seq",
        (0..n).map(row).collect::<Vec<_>>().join(" UNION ALL ")
    )
}

/// Binds the parameters of [`events_insert`], after those already bound to `q`.
pub fn bind_events<'q>(
    mut q: AnyQuery<'q>,
    location_id: i64,
    events: &'q [NewEvent],
) -> AnyQuery<'q> {
    q = q.bind(location_id);
    for e in events {
        q = q
            .bind(e.ticket_id)
            .bind(e.kind.as_str())
            .bind(e.at.timestamp_millis())
            .bind(e.service_id)
            .bind(e.desk_id)
            .bind(e.staff_id)
            .bind(e.device_id)
            .bind(e.data.as_deref());
    }
    q
}

/// Writes event rows of a location, in order, in one statement; returns the `seq` of the last
/// one (the others precede it one by one).
pub async fn insert(
    conn: &mut AnyConnection,
    location_id: i64,
    events: &[NewEvent],
) -> Result<u64> {
    let sql = events_insert(1, events.len());
    let q = bind_events(sqlx::query(&sql), location_id, events);
    last_seq(&q.fetch_all(&mut *conn).await?)
}

/// The largest `seq` among the rows an [`events_insert`] returned.
pub fn last_seq(rows: &[AnyRow]) -> Result<u64> {
    let mut last = 0;
    for r in rows {
        last = last.max(r.try_get::<i64, _>("seq")?);
    }
    Ok(last as u64)
}

/// One event row for [`Store::write_events`].
pub struct NewEvent {
    pub ticket_id: Option<i64>,
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    pub service_id: Option<i64>,
    pub desk_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub device_id: Option<i64>,
    pub data: Option<String>,
}

/// The kind of a ticket's last event, as stored.
pub async fn last_kind_of_ticket<'c, E>(ex: E, ticket_id: i64) -> Result<Option<String>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    Ok(
        sqlx::query("SELECT kind FROM events WHERE ticket_id = $1 ORDER BY id DESC LIMIT 1")
            .bind(ticket_id)
            .fetch_optional(ex)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?,
    )
}

/// A location's events of one kind at or after `since` (ms): the `columns` asked for, then
/// `tail` (more conditions, a grouping, an order).
async fn of_kind_since(
    conn: &mut AnyConnection,
    location_id: i64,
    kind: EventKind,
    since: i64,
    columns: &str,
    tail: &str,
) -> Result<Vec<AnyRow>> {
    let sql = format!(
        "SELECT {columns} FROM events WHERE location_id = $1 AND kind = '{kind}' AND at >= $2 {tail}"
    );
    Ok(sqlx::query(&sql)
        .bind(location_id)
        .bind(since)
        .fetch_all(&mut *conn)
        .await?)
}

/// Per desk, when it last called someone at or after `since` (ms).
pub async fn last_call_per_desk(
    conn: &mut AnyConnection,
    location_id: i64,
    since: i64,
) -> Result<HashMap<i64, i64>> {
    let tail = "AND desk_id IS NOT NULL GROUP BY desk_id";
    of_kind_since(
        conn,
        location_id,
        EventKind::Called,
        since,
        "desk_id, MAX(at) AS at",
        tail,
    )
    .await?
    .iter()
    .map(|r| Ok((col(r, "desk_id")?, col(r, "at")?)))
    .collect()
}

/// A location's calls at a desk since `since` (ms), in order: desk, staff member, at.
pub async fn desk_calls_since(
    conn: &mut AnyConnection,
    location_id: i64,
    since: i64,
) -> Result<Vec<(i64, Option<i64>, i64)>> {
    let tail = "AND desk_id IS NOT NULL ORDER BY seq";
    of_kind_since(
        conn,
        location_id,
        EventKind::Called,
        since,
        "desk_id, staff_id, at",
        tail,
    )
    .await?
    .iter()
    .map(|r| Ok((col(r, "desk_id")?, col(r, "staff_id")?, col(r, "at")?)))
    .collect()
}

/// A location's tickets issued since `since` (ms), in order: service, at.
pub async fn issued_since(
    conn: &mut AnyConnection,
    location_id: i64,
    since: i64,
) -> Result<Vec<(i64, i64)>> {
    of_kind_since(
        conn,
        location_id,
        EventKind::Issued,
        since,
        "service_id, at",
        "ORDER BY seq",
    )
    .await?
    .iter()
    .map(|r| Ok((col(r, "service_id")?, col(r, "at")?)))
    .collect()
}

/// An event row as another server instance's listener republishes it.
pub struct StoredEvent {
    pub seq: i64,
    pub ticket_id: Option<i64>,
    /// The kind as stored (a newer server may write kinds this one does not know).
    pub kind: String,
    pub at: i64,
    pub desk_id: Option<i64>,
    pub device_id: Option<i64>,
}

/// A location's events with `after < seq < before`, in order.
pub async fn between(
    conn: &mut AnyConnection,
    location_id: i64,
    after: i64,
    before: i64,
) -> Result<Vec<StoredEvent>> {
    sqlx::query(
        "SELECT seq, ticket_id, kind, at, desk_id, device_id FROM events \
         WHERE location_id = $1 AND seq > $2 AND seq < $3 ORDER BY seq",
    )
    .bind(location_id)
    .bind(after)
    .bind(before)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(StoredEvent {
            seq: col(r, "seq")?,
            ticket_id: col(r, "ticket_id")?,
            kind: col(r, "kind")?,
            at: col(r, "at")?,
            desk_id: col(r, "desk_id")?,
            device_id: col(r, "device_id")?,
        })
    })
    .collect()
}

/// A location's events in `[from, to)` (ms) with who did them, newest first, at most `limit`:
/// the audit log.
pub async fn audit<'c, E>(
    ex: E,
    location_id: i64,
    from: i64,
    to: i64,
    limit: i64,
) -> Result<Vec<AuditEntry>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT e.at, e.kind, e.ticket_id, e.data, t.number, s.name AS staff_name, s.username, d.name AS desk_name, dv.name AS device_name \
         FROM events e LEFT JOIN tickets t ON t.id = e.ticket_id LEFT JOIN staff s ON s.id = e.staff_id \
         LEFT JOIN desks d ON d.id = e.desk_id LEFT JOIN devices dv ON dv.id = e.device_id \
         WHERE e.location_id = $1 AND e.at >= $2 AND e.at < $3 ORDER BY e.seq DESC LIMIT $4",
    )
    .bind(location_id)
    .bind(from)
    .bind(to)
    .bind(limit)
    .fetch_all(ex)
    .await?
    .iter()
    .map(|r| {
        let staff: Option<String> = col(r, "staff_name")?;
        let username: Option<String> = col(r, "username")?;
        let data: Option<String> = col(r, "data")?;
        Ok(AuditEntry {
            at: from_ms(col(r, "at")?),
            event: col(r, "kind")?,
            ticket_id: col(r, "ticket_id")?,
            ticket: col(r, "number")?,
            staff: staff.map(|n| format!("{n} ({})", username.unwrap_or_default())),
            desk: col(r, "desk_name")?,
            device: col(r, "device_name")?,
            details: data.and_then(|d| serde_json::from_str(&d).ok()),
        })
    })
    .collect()
}
