//! The `desks` and `desk_services` tables: a location's desks and the services each one calls.

use sqlx::{AnyConnection, Row};

use crate::db::{col, Result, StoreError};

#[derive(Debug, Clone)]
pub struct DeskRow {
    pub id: i64,
    pub key: String,
    pub name: String,
    pub kind: String,
    pub services: Vec<i64>,
}

/// A location's active desks in their configured order, each with its services.
pub async fn active(conn: &mut AnyConnection, location_id: i64) -> Result<Vec<DeskRow>> {
    let mut desks = Vec::new();
    for r in sqlx::query(
        "SELECT id, key, name, kind FROM desks WHERE location_id = $1 AND active = 1 ORDER BY position, id",
    )
    .bind(location_id)
    .fetch_all(&mut *conn)
    .await?
    {
        desks.push(DeskRow {
            id: col(&r, "id")?,
            key: col(&r, "key")?,
            name: col(&r, "name")?,
            kind: col(&r, "kind")?,
            services: Vec::new(),
        });
    }
    for r in sqlx::query(
        "SELECT ds.desk_id, ds.service_id FROM desk_services ds JOIN desks d ON d.id = ds.desk_id \
         WHERE d.location_id = $1 ORDER BY ds.service_id",
    )
    .bind(location_id)
    .fetch_all(&mut *conn)
    .await?
    {
        let desk_id: i64 = col(&r, "desk_id")?;
        if let Some(d) = desks.iter_mut().find(|d| d.id == desk_id) {
            d.services.push(col(&r, "service_id")?);
        }
    }
    Ok(desks)
}

/// The location of an active desk.
pub async fn location_of_active<'c, E>(ex: E, desk_id: i64) -> Result<i64>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let row = sqlx::query("SELECT location_id FROM desks WHERE id = $1 AND active = 1")
        .bind(desk_id)
        .fetch_optional(ex)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("desk {desk_id}")))?;
    Ok(row.try_get(0)?)
}

/// A location's retired desks (no longer in the configuration; their rows stay for the
/// tickets and statistics that name them), each with the services it last served.
pub async fn retired(conn: &mut AnyConnection, location_id: i64) -> Result<Vec<DeskRow>> {
    let mut desks = Vec::new();
    for r in sqlx::query(
        "SELECT id, key, name, kind FROM desks WHERE location_id = $1 AND active = 0 ORDER BY key",
    )
    .bind(location_id)
    .fetch_all(&mut *conn)
    .await?
    {
        let id: i64 = col(&r, "id")?;
        let services = sqlx::query(
            "SELECT service_id FROM desk_services WHERE desk_id = $1 ORDER BY service_id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|s| col(s, "service_id"))
        .collect::<Result<_>>()?;
        desks.push(DeskRow {
            id,
            key: col(&r, "key")?,
            name: col(&r, "name")?,
            kind: col(&r, "kind")?,
            services,
        });
    }
    Ok(desks)
}

/// The numbers of the visitors a desk has: called or being served there, or waiting for that
/// desk in particular (sent there by a transfer).
pub async fn visitors_at(
    conn: &mut AnyConnection,
    location_id: i64,
    desk_id: i64,
) -> Result<Vec<String>> {
    // Through the location's active tickets (`tickets_active`), not a scan of every ticket.
    sqlx::query(
        "SELECT number FROM tickets WHERE location_id = $1 AND state IN ('waiting', 'called', 'serving') \
         AND ((desk_id = $2 AND state <> 'waiting') OR (assigned_desk_id = $2 AND state = 'waiting')) \
         ORDER BY queued_at, id",
    )
    .bind(location_id)
    .bind(desk_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| col(r, "number"))
    .collect()
}
