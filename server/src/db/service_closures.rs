//! The `service_closures` table: services closed "now" by staff, until a time (migration 0019).
//! One row per closed service; reopening deletes it, the event log keeps the history.

use sqlx::AnyConnection;

use crate::db::{col, Result};

/// A service closed now: until when (ms), why (a reason key of `domain/closures.rs`), the
/// staff-only note, who closed it and when (ms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosureRow {
    pub service_id: i64,
    pub until_at: i64,
    pub reason: String,
    pub note: Option<String>,
    pub closed_by: Option<i64>,
    pub closed_at: i64,
}

fn row(r: &sqlx::any::AnyRow) -> Result<ClosureRow> {
    Ok(ClosureRow {
        service_id: col(r, "service_id")?,
        until_at: col(r, "until_at")?,
        reason: col(r, "reason")?,
        note: col(r, "note")?,
        closed_by: col(r, "closed_by")?,
        closed_at: col(r, "closed_at")?,
    })
}

/// Every closure of a location's services, ended or not (an ended one is deleted by the next
/// write that notices it).
pub async fn of_location(conn: &mut AnyConnection, location_id: i64) -> Result<Vec<ClosureRow>> {
    sqlx::query(
        "SELECT c.service_id, c.until_at, c.reason, c.note, c.closed_by, c.closed_at \
         FROM service_closures c JOIN services s ON s.id = c.service_id \
         WHERE s.location_id = $1 ORDER BY c.service_id",
    )
    .bind(location_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(row)
    .collect()
}

/// Closes a service, or changes the closure it has (a new time or reason).
pub async fn set(conn: &mut AnyConnection, c: &ClosureRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO service_closures (service_id, until_at, reason, note, closed_by, closed_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (service_id) DO UPDATE SET until_at = excluded.until_at, \
         reason = excluded.reason, note = excluded.note, closed_by = excluded.closed_by, \
         closed_at = excluded.closed_at",
    )
    .bind(c.service_id)
    .bind(c.until_at)
    .bind(&c.reason)
    .bind(c.note.as_deref())
    .bind(c.closed_by)
    .bind(c.closed_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Reopens a service: deletes its closure; whether it had one.
pub async fn delete(conn: &mut AnyConnection, service_id: i64) -> Result<bool> {
    let r = sqlx::query("DELETE FROM service_closures WHERE service_id = $1")
        .bind(service_id)
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected() > 0)
}
