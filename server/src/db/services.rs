//! The `services` table: a location's queues as the live state holds them, the figures the
//! statistics name them by, and their booking settings.

use sqlx::{AnyConnection, Row};

use crate::db::{col, parse_json, Result};
use crate::domain::appointments::BookingSettings;
use crate::domain::service::ServiceSettings;

/// An active service as the live state holds it: its id and its settings.
#[derive(Debug, Clone)]
pub struct ServiceRow {
    pub id: i64,
    pub settings: ServiceSettings,
}

impl std::ops::Deref for ServiceRow {
    type Target = ServiceSettings;

    fn deref(&self) -> &ServiceSettings {
        &self.settings
    }
}

/// A location's active services, in their configured order.
pub async fn active(conn: &mut AnyConnection, location_id: i64) -> Result<Vec<ServiceRow>> {
    let rows = sqlx::query(
        "SELECT id, key, prefix, names, descriptions, icon, walk_in, target_wait_s, service_s, schedule, triage, transfer_keeps_arrival \
         FROM services WHERE location_id = $1 AND active = 1 ORDER BY position, id",
    )
    .bind(location_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ServiceRow {
                id: col(r, "id")?,
                settings: ServiceSettings {
                    key: col(r, "key")?,
                    prefix: col(r, "prefix")?,
                    names: parse_json(&col::<String>(r, "names")?)?,
                    descriptions: parse_json(&col::<String>(r, "descriptions")?)?,
                    icon: col(r, "icon")?,
                    walk_in: col::<i64>(r, "walk_in")? != 0,
                    triage: col::<i64>(r, "triage")? != 0,
                    transfer_keeps_arrival: col::<i64>(r, "transfer_keeps_arrival")? != 0,
                    target_wait_s: col(r, "target_wait_s")?,
                    service_s: col(r, "service_s")?,
                    schedule: parse_json(&col::<String>(r, "schedule")?)?,
                },
            })
        })
        .collect()
}

/// A service as the statistics name it: every service of the location, active or not, so
/// that old visits of a service that was removed still have a name.
pub struct ServiceMetaRow {
    pub id: i64,
    pub key: String,
    /// Names per language as stored (JSON).
    pub names: String,
    pub target_wait_s: i64,
    /// Opening hours as stored (JSON).
    pub schedule: String,
    pub position: i64,
}

/// Every service of a location, active or not (see [`ServiceMetaRow`]).
pub async fn all_of_location<'c, E>(ex: E, location_id: i64) -> Result<Vec<ServiceMetaRow>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT id, key, names, target_wait_s, schedule, position FROM services WHERE location_id = $1",
    )
    .bind(location_id)
    .fetch_all(ex)
    .await?
    .iter()
    .map(|r| {
        Ok(ServiceMetaRow {
            id: col(r, "id")?,
            key: col(r, "key")?,
            names: col(r, "names")?,
            target_wait_s: col(r, "target_wait_s")?,
            schedule: col(r, "schedule")?,
            position: col(r, "position")?,
        })
    })
    .collect()
}

/// A service's booking settings.
pub async fn booking(conn: &mut AnyConnection, service_id: i64) -> Result<BookingSettings> {
    let s: String = sqlx::query("SELECT booking FROM services WHERE id = $1")
        .bind(service_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    parse_json(&s)
}

/// Writes a service's booking settings (JSON), by location and key.
pub async fn set_booking(
    conn: &mut AnyConnection,
    location_id: i64,
    key: &str,
    booking: &str,
) -> Result<()> {
    sqlx::query("UPDATE services SET booking = $1 WHERE location_id = $2 AND key = $3")
        .bind(booking)
        .bind(location_id)
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
