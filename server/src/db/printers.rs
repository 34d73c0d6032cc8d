//! The `printers` table: a location's reception printers.

use sqlx::AnyConnection;

use crate::db::{col, Result};

/// A location's active printers in their configured order: key, name and URI.
pub async fn active(
    conn: &mut AnyConnection,
    location_id: i64,
) -> Result<Vec<(String, String, String)>> {
    of(conn, location_id, true).await
}

/// A location's retired printers (no longer in the configuration) by key: key, name and URI.
pub async fn retired(
    conn: &mut AnyConnection,
    location_id: i64,
) -> Result<Vec<(String, String, String)>> {
    of(conn, location_id, false).await
}

async fn of(
    conn: &mut AnyConnection,
    location_id: i64,
    active: bool,
) -> Result<Vec<(String, String, String)>> {
    let order = if active { "position, id" } else { "key" };
    sqlx::query(&format!(
        "SELECT key, name, uri FROM printers WHERE location_id = $1 AND active = $2 ORDER BY {order}"
    ))
    .bind(location_id)
    .bind(i64::from(active))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((col(r, "key")?, col(r, "name")?, col(r, "uri")?)))
    .collect()
}
