//! The `printers` table: a location's reception printers.

use sqlx::AnyConnection;

use crate::db::{col, Result};

/// A location's active printers in their configured order: key, name and URI.
pub async fn active(
    conn: &mut AnyConnection,
    location_id: i64,
) -> Result<Vec<(String, String, String)>> {
    sqlx::query(
        "SELECT key, name, uri FROM printers WHERE location_id = $1 AND active = 1 ORDER BY position, id",
    )
    .bind(location_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((col(r, "key")?, col(r, "name")?, col(r, "uri")?)))
    .collect()
}

/// A location's retired printers (no longer in the configuration): key, name and URI.
pub async fn retired(
    conn: &mut AnyConnection,
    location_id: i64,
) -> Result<Vec<(String, String, String)>> {
    sqlx::query(
        "SELECT key, name, uri FROM printers WHERE location_id = $1 AND active = 0 ORDER BY key",
    )
    .bind(location_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((col(r, "key")?, col(r, "name")?, col(r, "uri")?)))
    .collect()
}
