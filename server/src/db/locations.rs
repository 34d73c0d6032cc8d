//! The `locations` table: a location's own settings, with the `seq` of its last event, and
//! its appointment settings.

use sqlx::{AnyConnection, Row};

use crate::db::{col, parse_json, Result};
use crate::domain::appointments::AppointmentSettings;

/// A location as its live state starts from.
pub struct LocationRow {
    pub key: String,
    pub name: String,
    pub address: String,
    pub phone: String,
    /// The IANA time zone's name.
    pub timezone: String,
    pub no_show_grace_s: i64,
    /// The `seq` of its last event (0: none yet).
    pub event_seq: i64,
}

/// A location by id, with the `seq` of its last event.
pub async fn by_id(conn: &mut AnyConnection, location_id: i64) -> Result<LocationRow> {
    let r = sqlx::query(
        "SELECT id, key, name, address, phone, timezone, no_show_grace_s, \
         (SELECT COALESCE(MAX(seq), 0) FROM events WHERE location_id = $1) AS event_seq FROM locations WHERE id = $1",
    )
    .bind(location_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(LocationRow {
        key: col(&r, "key")?,
        name: col(&r, "name")?,
        address: col(&r, "address")?,
        phone: col(&r, "phone")?,
        timezone: col(&r, "timezone")?,
        no_show_grace_s: col(&r, "no_show_grace_s")?,
        event_seq: col(&r, "event_seq")?,
    })
}

/// The id of the location with this key.
pub async fn id_by_key(conn: &mut AnyConnection, key: &str) -> Result<i64> {
    Ok(sqlx::query("SELECT id FROM locations WHERE key = $1")
        .bind(key)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?)
}

/// A location's appointment settings.
pub async fn appointment_settings(
    conn: &mut AnyConnection,
    location_id: i64,
) -> Result<AppointmentSettings> {
    let s: String = sqlx::query("SELECT appointment_settings FROM locations WHERE id = $1")
        .bind(location_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    parse_json(&s)
}

/// Writes a location's appointment settings (JSON).
pub async fn set_appointment_settings(
    conn: &mut AnyConnection,
    location_id: i64,
    settings: &str,
) -> Result<()> {
    sqlx::query("UPDATE locations SET appointment_settings = $1 WHERE id = $2")
        .bind(settings)
        .bind(location_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
