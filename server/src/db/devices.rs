//! The `devices` table: kiosks and displays, their settings and printer reports, the register
//! of the administrator (revocations), and which server instance holds each station's
//! connection (see `engine/presence.rs`).

use chrono::{DateTime, Utc};
use onthaal_wire::StationSettings;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::db::{col, from_ms, Result, StoreError};

/// A device as the stations' lists show it (`engine/presence.rs` adds whether it is online).
pub struct DeviceRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub last_seen_at: Option<i64>,
    /// The printer report as stored (JSON), if any.
    pub status: Option<String>,
    /// The station settings as stored (JSON).
    pub settings: String,
    pub revoked: bool,
}

impl DeviceRow {
    fn from_row(r: &AnyRow) -> Result<DeviceRow> {
        Ok(DeviceRow {
            id: col(r, "id")?,
            kind: col(r, "kind")?,
            name: col(r, "name")?,
            last_seen_at: col(r, "last_seen_at")?,
            status: col(r, "status")?,
            settings: col(r, "settings")?,
            revoked: col::<i64>(r, "revoked")? != 0,
        })
    }
}

const DEVICE_COLUMNS: &str = "id, kind, name, last_seen_at, status, settings, revoked";

/// A device by id.
pub async fn by_id(conn: &mut AnyConnection, device_id: i64) -> Result<DeviceRow> {
    let row = sqlx::query(&format!(
        "SELECT {DEVICE_COLUMNS} FROM devices WHERE id = $1"
    ))
    .bind(device_id)
    .fetch_one(&mut *conn)
    .await?;
    DeviceRow::from_row(&row)
}

/// The devices of a location that are not revoked, by kind and name.
pub async fn in_location(conn: &mut AnyConnection, location_id: i64) -> Result<Vec<DeviceRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {DEVICE_COLUMNS} FROM devices WHERE location_id = $1 AND revoked = 0 ORDER BY kind, name, id"
    ))
    .bind(location_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(DeviceRow::from_row).collect()
}

/// A station's settings (the defaults where the stored text does not read).
pub async fn settings<'c, E>(ex: E, device_id: i64) -> Result<StationSettings>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let row = sqlx::query("SELECT settings FROM devices WHERE id = $1")
        .bind(device_id)
        .fetch_optional(ex)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("device {device_id}")))?;
    let text: String = row.try_get(0)?;
    Ok(serde_json::from_str(&text).unwrap_or_default())
}

/// A station's last printer report as stored (JSON).
pub async fn status<'c, E>(ex: E, device_id: i64) -> Result<Option<String>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    Ok(sqlx::query("SELECT status FROM devices WHERE id = $1")
        .bind(device_id)
        .fetch_one(ex)
        .await?
        .try_get(0)?)
}

/// The location of a device that is not revoked.
pub async fn location_of_active<'c, E>(ex: E, device_id: i64) -> Result<i64>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let row = sqlx::query("SELECT location_id FROM devices WHERE id = $1 AND revoked = 0")
        .bind(device_id)
        .fetch_optional(ex)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("device {device_id}")))?;
    Ok(row.try_get(0)?)
}

/// A station seen at `at` (ms).
pub async fn touch<'c, E>(ex: E, device_id: i64, at: i64) -> Result<()>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query("UPDATE devices SET last_seen_at = $1 WHERE id = $2")
        .bind(at)
        .bind(device_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// What a device event changes in the device's row besides `last_seen_at`.
pub enum DeviceUpdate {
    /// Connected to this server instance (its name).
    ConnectedTo(String),
    /// Disconnected from this instance (its name); a station that went over to another
    /// instance meanwhile stays theirs.
    DisconnectedFrom(String),
    /// A new printer report (JSON), or none.
    Status(Option<String>),
    /// New station settings (JSON).
    Settings(String),
}

/// Writes a device event's change to the device's row.
pub async fn update(conn: &mut AnyConnection, device_id: i64, change: DeviceUpdate) -> Result<()> {
    let (sql, value) = match change {
        DeviceUpdate::ConnectedTo(instance) => (
            "UPDATE devices SET connected_to = $1 WHERE id = $2",
            Some(instance),
        ),
        DeviceUpdate::DisconnectedFrom(instance) => (
            "UPDATE devices SET connected_to = NULL WHERE id = $2 AND connected_to = $1",
            Some(instance),
        ),
        DeviceUpdate::Status(report) => ("UPDATE devices SET status = $1 WHERE id = $2", report),
        DeviceUpdate::Settings(json) => {
            ("UPDATE devices SET settings = $1 WHERE id = $2", Some(json))
        }
    };
    sqlx::query(sql)
        .bind(value)
        .bind(device_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A registered device as the administrator's register lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceEntry {
    pub id: i64,
    /// The location's key.
    pub location: String,
    /// `kiosk` or `display`.
    pub kind: String,
    pub name: String,
    pub last_seen: Option<DateTime<Utc>>,
    pub revoked: bool,
}

const ENTRY: &str = "SELECT d.id, l.key AS location, d.kind, d.name, d.last_seen_at, d.revoked \
                     FROM devices d JOIN locations l ON l.id = d.location_id";

fn entry(r: &AnyRow) -> Result<DeviceEntry> {
    Ok(DeviceEntry {
        id: col(r, "id")?,
        location: col(r, "location")?,
        kind: col(r, "kind")?,
        name: col(r, "name")?,
        last_seen: col::<Option<i64>>(r, "last_seen_at")?.map(from_ms),
        revoked: col::<i64>(r, "revoked")? != 0,
    })
}

/// Every device ever registered, revoked ones included, by location and id.
pub async fn register<'c, E>(ex: E) -> Result<Vec<DeviceEntry>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let rows = sqlx::query(&format!("{ENTRY} ORDER BY l.key, d.id"))
        .fetch_all(ex)
        .await?;
    rows.iter().map(entry).collect()
}

/// One device of the register.
pub async fn register_entry<'c, E>(ex: E, device_id: i64) -> Result<DeviceEntry>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let row = sqlx::query(&format!("{ENTRY} WHERE d.id = $1"))
        .bind(device_id)
        .fetch_optional(ex)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("device {device_id}")))?;
    entry(&row)
}

/// Revokes a device; whether it was not revoked before.
pub async fn revoke<'c, E>(ex: E, device_id: i64) -> Result<bool>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    Ok(
        sqlx::query("UPDATE devices SET revoked = 1 WHERE id = $1 AND revoked = 0")
            .bind(device_id)
            .execute(ex)
            .await?
            .rows_affected()
            > 0,
    )
}

/// The revoked devices: id and token hash.
pub async fn revoked<'c, E>(ex: E) -> Result<Vec<(i64, String)>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query("SELECT id, token_hash FROM devices WHERE revoked = 1")
        .fetch_all(ex)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

/// Stations held by another instance than `instance` and seen since `since` (ms).
pub async fn online_elsewhere<'c, E>(ex: E, instance: &str, since: i64) -> Result<Vec<i64>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT id FROM devices WHERE revoked = 0 AND connected_to IS NOT NULL \
         AND connected_to <> $1 AND last_seen_at >= $2",
    )
    .bind(instance)
    .bind(since)
    .fetch_all(ex)
    .await?
    .iter()
    .map(|r| Ok(r.try_get(0)?))
    .collect()
}

/// Among `ids`, the stations whose row does not say `instance` holds them: `(id, location)`.
pub async fn not_held_by<'c, E>(ex: E, ids: &[i64], instance: &str) -> Result<Vec<(i64, i64)>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = (2..ids.len() + 2)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT id, location_id FROM devices WHERE id IN ({list}) \
         AND (connected_to IS NULL OR connected_to <> $1)"
    );
    let mut q = sqlx::query(&sql).bind(instance);
    for id in ids {
        q = q.bind(*id);
    }
    q.fetch_all(ex)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

/// The heartbeat of an instance: every station it holds seen at `at` (ms).
pub async fn beat<'c, E>(ex: E, instance: &str, at: i64) -> Result<()>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query("UPDATE devices SET last_seen_at = $1 WHERE connected_to = $2")
        .bind(at)
        .bind(instance)
        .execute(ex)
        .await?;
    Ok(())
}

/// A station another instance holds but has not refreshed since `before` (ms).
pub struct StaleStation {
    pub id: i64,
    pub location_id: i64,
    pub holder: String,
}

/// Stations of other instances than `instance` not refreshed since `before` (ms).
pub async fn stale<'c, E>(ex: E, instance: &str, before: i64) -> Result<Vec<StaleStation>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT id, location_id, connected_to FROM devices WHERE revoked = 0 \
         AND connected_to IS NOT NULL AND connected_to <> $1 AND last_seen_at < $2",
    )
    .bind(instance)
    .bind(before)
    .fetch_all(ex)
    .await?
    .iter()
    .map(|r| {
        Ok(StaleStation {
            id: r.try_get(0)?,
            location_id: r.try_get(1)?,
            holder: r.try_get(2)?,
        })
    })
    .collect()
}

/// Takes a stale station from `holder` (no longer held by anyone); whether it still was
/// theirs and stale.
pub async fn release_stale(
    conn: &mut AnyConnection,
    device_id: i64,
    holder: &str,
    before: i64,
) -> Result<bool> {
    Ok(sqlx::query(
        "UPDATE devices SET connected_to = NULL \
         WHERE id = $1 AND connected_to = $2 AND last_seen_at < $3",
    )
    .bind(device_id)
    .bind(holder)
    .bind(before)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        > 0)
}

/// A station not revoked, for the monitoring figures: where, what, and its printer report as
/// stored (JSON), if any.
pub struct ActiveStation {
    pub id: i64,
    pub location_id: i64,
    pub kind: String,
    pub name: String,
    pub status: Option<String>,
}

/// Every station not revoked, by id.
pub async fn active<'c, E>(ex: E) -> Result<Vec<ActiveStation>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT id, location_id, kind, name, status FROM devices WHERE revoked = 0 ORDER BY id",
    )
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ActiveStation {
                id: col(r, "id")?,
                location_id: col(r, "location_id")?,
                kind: col(r, "kind")?,
                name: col(r, "name")?,
                status: col(r, "status")?,
            })
        })
        .collect()
}

/// A device as the administrator's page lists it: where, what, and where its pairing stands.
pub struct AdminDeviceRow {
    pub id: i64,
    /// The location's key.
    pub location: String,
    pub location_id: i64,
    pub kind: String,
    pub name: String,
    pub last_seen_at: Option<i64>,
    pub revoked: bool,
    /// A pairing code was given out and not yet used.
    pub pending: bool,
    pub pairing_expires_at: Option<i64>,
    pub paired_at: Option<i64>,
    /// The station settings as stored (JSON).
    pub settings: String,
}

const ADMIN_ENTRY: &str = "SELECT d.id, l.key AS location, d.location_id, d.kind, d.name, \
     d.last_seen_at, d.revoked, d.pairing_code_hash, d.pairing_expires_at, d.paired_at, d.settings \
     FROM devices d JOIN locations l ON l.id = d.location_id";

fn admin_entry(r: &AnyRow) -> Result<AdminDeviceRow> {
    let code: Option<String> = col(r, "pairing_code_hash")?;
    let paired_at: Option<i64> = col(r, "paired_at")?;
    Ok(AdminDeviceRow {
        id: col(r, "id")?,
        location: col(r, "location")?,
        location_id: col(r, "location_id")?,
        kind: col(r, "kind")?,
        name: col(r, "name")?,
        last_seen_at: col(r, "last_seen_at")?,
        revoked: col::<i64>(r, "revoked")? != 0,
        pending: code.is_some() && paired_at.is_none(),
        pairing_expires_at: col(r, "pairing_expires_at")?,
        paired_at,
        settings: col(r, "settings")?,
    })
}

/// Every device, revoked ones included, by location, kind and name.
pub async fn admin_list(conn: &mut AnyConnection) -> Result<Vec<AdminDeviceRow>> {
    let rows = sqlx::query(&format!(
        "{ADMIN_ENTRY} ORDER BY l.key, d.kind, d.name, d.id"
    ))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(admin_entry).collect()
}

/// One device as the administrator's page lists it.
pub async fn admin_entry_of(conn: &mut AnyConnection, device_id: i64) -> Result<AdminDeviceRow> {
    let row = sqlx::query(&format!("{ADMIN_ENTRY} WHERE d.id = $1"))
        .bind(device_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("device {device_id}")))?;
    admin_entry(&row)
}

/// Gives an unpaired, unrevoked device a new pairing code (its hash) until `expires_at` (ms);
/// whether the device was such a device.
pub async fn set_pairing_code(
    conn: &mut AnyConnection,
    device_id: i64,
    code_hash: &str,
    expires_at: i64,
) -> Result<bool> {
    Ok(sqlx::query(
        "UPDATE devices SET pairing_code_hash = $1, pairing_expires_at = $2 \
         WHERE id = $3 AND paired_at IS NULL AND revoked = 0",
    )
    .bind(code_hash)
    .bind(expires_at)
    .bind(device_id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        > 0)
}

/// Whether a pairing code's hash is held by any device (a new code must not repeat one).
pub async fn pairing_code_taken(conn: &mut AnyConnection, code_hash: &str) -> Result<bool> {
    Ok(
        sqlx::query("SELECT id FROM devices WHERE pairing_code_hash = $1")
            .bind(code_hash)
            .fetch_optional(&mut *conn)
            .await?
            .is_some(),
    )
}

/// The device a pairing code (its hash) was given to, if any.
pub async fn by_pairing_code(
    conn: &mut AnyConnection,
    code_hash: &str,
) -> Result<Option<AdminDeviceRow>> {
    let row = sqlx::query(&format!("{ADMIN_ENTRY} WHERE d.pairing_code_hash = $1"))
        .bind(code_hash)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(admin_entry).transpose()
}

/// Pairs a device: its token (the hash) replaces the unusable one it was registered with.
/// Only once, only before `now` (ms) passes the code's end, only while not revoked: whether
/// it happened (two stations racing with one code: one wins).
pub async fn pair(
    conn: &mut AnyConnection,
    device_id: i64,
    token_hash: &str,
    now: i64,
) -> Result<bool> {
    Ok(sqlx::query(
        "UPDATE devices SET token_hash = $1, paired_at = $2 \
         WHERE id = $3 AND paired_at IS NULL AND revoked = 0 AND pairing_expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .bind(device_id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        > 0)
}

/// Renames a device.
pub async fn rename(conn: &mut AnyConnection, device_id: i64, name: &str) -> Result<()> {
    sqlx::query("UPDATE devices SET name = $1 WHERE id = $2")
        .bind(name)
        .bind(device_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A device's token hash (the key of the token cache).
pub async fn token_hash_of(conn: &mut AnyConnection, device_id: i64) -> Result<String> {
    Ok(sqlx::query("SELECT token_hash FROM devices WHERE id = $1")
        .bind(device_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?)
}
