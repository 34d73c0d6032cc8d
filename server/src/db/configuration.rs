//! What the configuration file puts in the database: which configuration it holds
//! (`configuration_source`), locations, services, printers, desks and their services, partners
//! and help categories; and registering a station for a location. Items are written by key
//! (`ON CONFLICT … DO UPDATE`), so loading the same file twice changes nothing. The
//! configuration's revision (how often it was written), and what an export reads back.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AnyConnection, Row};

use super::{ms, parse_json, Result};
use crate::config::{
    DeskConfig, HelpCategoryConfig, LocationConfig, PartnerConfig, PrinterConfig, ServiceConfig,
};

/// Config values are stored as JSON in TEXT columns.
fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("config values serialise")
}

/// Which configuration the database holds: its kind (`demo` or `file`) and name.
pub(crate) async fn source(conn: &mut AnyConnection) -> Result<Option<(String, String)>> {
    sqlx::query("SELECT kind, name FROM configuration_source WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .transpose()
}

pub(crate) async fn set_source(
    conn: &mut AnyConnection,
    kind: &str,
    name: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO configuration_source (id, kind, name, loaded_at) VALUES (1, $1, $2, $3) \
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, loaded_at = excluded.loaded_at",
    )
    .bind(kind)
    .bind(name)
    .bind(ms(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The configuration's revision: `None` for a database without configuration, `Some(0)` for
/// one last loaded from a file at a start before the database became its source (migration
/// 0018), `Some(n)` after `n` writes since.
pub(crate) async fn revision(conn: &mut AnyConnection) -> Result<Option<i64>> {
    sqlx::query("SELECT revision FROM configuration_source WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| Ok(r.try_get(0)?))
        .transpose()
}

/// Counts one more write of the configuration (after [`set_source`]); returns the revision.
pub(crate) async fn bump_revision(conn: &mut AnyConnection) -> Result<i64> {
    Ok(sqlx::query(
        "UPDATE configuration_source SET revision = revision + 1 WHERE id = 1 RETURNING revision",
    )
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?)
}

/// A location's closing days as the file lists them.
pub(crate) async fn closed_on(
    conn: &mut AnyConnection,
    location_id: i64,
) -> Result<Vec<NaiveDate>> {
    let s: String = sqlx::query("SELECT closed_on FROM locations WHERE id = $1")
        .bind(location_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    parse_json(&s)
}

/// A partner as the configuration holds it: every active one, by key.
pub(crate) async fn active_partners(conn: &mut AnyConnection) -> Result<Vec<PartnerConfig>> {
    super::partners::active_by_key(conn).await
}

/// Retires the active partners whose key is not in `keep`; returns their keys. Their rows
/// stay: the register and the statistics name them.
pub(crate) async fn retire_partners(
    conn: &mut AnyConnection,
    keep: &[&str],
) -> Result<Vec<String>> {
    let mut retired = Vec::new();
    for p in active_partners(conn).await? {
        if keep.contains(&p.key.as_str()) {
            continue;
        }
        sqlx::query("UPDATE partners SET active = 0 WHERE key = $1")
            .bind(&p.key)
            .execute(&mut *conn)
            .await?;
        retired.push(p.key);
    }
    Ok(retired)
}

/// Every location's key, sorted.
pub(crate) async fn location_keys(conn: &mut AnyConnection) -> Result<Vec<String>> {
    sqlx::query("SELECT key FROM locations ORDER BY key")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok(r.try_get(0)?))
        .collect()
}

/// The locations as stored, in their configuration order: id and key.
pub(crate) async fn locations_in_order(conn: &mut AnyConnection) -> Result<Vec<(i64, String)>> {
    sqlx::query("SELECT id, key FROM locations ORDER BY position, id")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

/// Writes a location at its position in the file; returns its id.
pub(crate) async fn write_location(
    conn: &mut AnyConnection,
    l: &LocationConfig,
    position: usize,
) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO locations (key, name, address, phone, timezone, position, no_show_grace_s, closed_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (key) DO UPDATE SET name = excluded.name, address = excluded.address, phone = excluded.phone, \
         timezone = excluded.timezone, position = excluded.position, no_show_grace_s = excluded.no_show_grace_s, \
         closed_on = excluded.closed_on RETURNING id",
    )
    .bind(&l.key)
    .bind(&l.name)
    .bind(&l.address)
    .bind(&l.phone)
    .bind(l.timezone.name())
    .bind(position as i64)
    .bind(l.no_show_grace_s)
    .bind(json(&l.closed_on))
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?)
}

/// Deactivates a location's items of one table (`services`, `printers`, `desks`): those the
/// file still lists are activated again as they are written.
pub(crate) async fn deactivate_all(
    conn: &mut AnyConnection,
    table: Table,
    location_id: i64,
) -> Result<()> {
    let sql = match table {
        Table::Services => "UPDATE services SET active = 0 WHERE location_id = $1",
        Table::Printers => "UPDATE printers SET active = 0 WHERE location_id = $1",
        Table::Desks => "UPDATE desks SET active = 0 WHERE location_id = $1",
    };
    sqlx::query(sql)
        .bind(location_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The per-location tables [`deactivate_all`] takes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Table {
    Services,
    Printers,
    Desks,
}

/// Writes a service (active) at its position; returns its id.
pub(crate) async fn write_service(
    conn: &mut AnyConnection,
    location_id: i64,
    s: &ServiceConfig,
    position: usize,
) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO services (location_id, key, prefix, names, descriptions, icon, walk_in, target_wait_s, service_s, schedule, position, triage, transfer_keeps_arrival, active) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1) \
         ON CONFLICT (location_id, key) DO UPDATE SET prefix = excluded.prefix, names = excluded.names, \
         descriptions = excluded.descriptions, icon = excluded.icon, walk_in = excluded.walk_in, \
         target_wait_s = excluded.target_wait_s, service_s = excluded.service_s, schedule = excluded.schedule, \
         position = excluded.position, triage = excluded.triage, transfer_keeps_arrival = excluded.transfer_keeps_arrival, \
         active = 1 RETURNING id",
    )
    .bind(location_id)
    .bind(&s.key)
    .bind(&s.prefix)
    .bind(json(&s.names))
    .bind(json(&s.descriptions))
    .bind(&s.icon)
    .bind(s.walk_in as i64)
    .bind(s.target_wait_s)
    .bind(s.service_s)
    .bind(json(&s.schedule))
    .bind(position as i64)
    .bind(s.triage as i64)
    .bind(s.transfer_keeps_arrival as i64)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?)
}

/// The keys of every active service, of any location, once each and sorted: staff belong to
/// no one location, so an account may take appointments for any of them.
pub(crate) async fn service_keys(conn: &mut AnyConnection) -> Result<Vec<String>> {
    sqlx::query("SELECT DISTINCT key FROM services WHERE active = 1 ORDER BY key")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok(r.try_get(0)?))
        .collect()
}

pub(crate) async fn write_printer(
    conn: &mut AnyConnection,
    location_id: i64,
    p: &PrinterConfig,
    position: usize,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO printers (location_id, key, name, uri, position, active) VALUES ($1, $2, $3, $4, $5, 1) \
         ON CONFLICT (location_id, key) DO UPDATE SET name = excluded.name, uri = excluded.uri, \
         position = excluded.position, active = 1",
    )
    .bind(location_id)
    .bind(&p.key)
    .bind(&p.name)
    .bind(&p.uri)
    .bind(position as i64)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Writes a desk (active) at its position with the services it serves (by id).
pub(crate) async fn write_desk(
    conn: &mut AnyConnection,
    location_id: i64,
    d: &DeskConfig,
    position: usize,
    service_ids: &[i64],
) -> Result<()> {
    let desk_id: i64 = sqlx::query(
        "INSERT INTO desks (location_id, key, name, kind, position, active) VALUES ($1, $2, $3, $4, $5, 1) \
         ON CONFLICT (location_id, key) DO UPDATE SET name = excluded.name, kind = excluded.kind, \
         position = excluded.position, active = 1 RETURNING id",
    )
    .bind(location_id)
    .bind(&d.key)
    .bind(&d.name)
    .bind(&d.kind)
    .bind(position as i64)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    sqlx::query("DELETE FROM desk_services WHERE desk_id = $1")
        .bind(desk_id)
        .execute(&mut *conn)
        .await?;
    for sid in service_ids {
        sqlx::query("INSERT INTO desk_services (desk_id, service_id) VALUES ($1, $2)")
            .bind(desk_id)
            .bind(sid)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub(crate) async fn write_partner(conn: &mut AnyConnection, p: &PartnerConfig) -> Result<()> {
    sqlx::query(
        "INSERT INTO partners (key, name, address, phone, hours, website, active) VALUES ($1, $2, $3, $4, $5, $6, 1) \
         ON CONFLICT (key) DO UPDATE SET name = excluded.name, address = excluded.address, phone = excluded.phone, \
         hours = excluded.hours, website = excluded.website, active = 1",
    )
    .bind(&p.key)
    .bind(&p.name)
    .bind(&p.address)
    .bind(&p.phone)
    .bind(&p.hours)
    .bind(p.website.clone())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Writes the help categories in their order; those the file no longer lists are deactivated.
pub(crate) async fn write_help_categories(
    conn: &mut AnyConnection,
    categories: &[HelpCategoryConfig],
) -> Result<()> {
    sqlx::query("UPDATE help_categories SET active = 0")
        .execute(&mut *conn)
        .await?;
    for (position, c) in categories.iter().enumerate() {
        sqlx::query(
            "INSERT INTO help_categories (key, name, leefloon, position, active) VALUES ($1, $2, $3, $4, 1) \
             ON CONFLICT (key) DO UPDATE SET name = excluded.name, leefloon = excluded.leefloon, position = excluded.position, active = 1",
        )
        .bind(&c.key)
        .bind(&c.name)
        .bind(c.leefloon as i64)
        .bind(position as i64)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Registers a kiosk or display for a location, by its token's hash; returns its id.
pub(crate) async fn register_device(
    conn: &mut AnyConnection,
    location_id: i64,
    kind: &str,
    name: &str,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO devices (location_id, kind, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(location_id)
    .bind(kind)
    .bind(name)
    .bind(token_hash)
    .bind(ms(now))
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?)
}
