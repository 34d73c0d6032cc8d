//! db: `staff_absences`, a social worker's absent days (see `migrations/*/0020`). Days are the
//! location's local dates as text (`YYYY-MM-DD`, which sort as dates), inclusive.

use chrono::NaiveDate;
use sqlx::{AnyConnection, Row};

use crate::db::Result;
use crate::domain::appointments::Absence;

/// Where an absence comes from: recorded in the app, or the configuration file's `absent`.
pub const FROM_APP: &str = "app";
pub const FROM_CONFIGURATION: &str = "configuration";

/// One stored absence.
#[derive(Debug, Clone, PartialEq)]
pub struct AbsenceRow {
    pub id: i64,
    pub staff_id: i64,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub source: String,
    pub note: Option<String>,
    pub recorded_by: Option<i64>,
    pub recorded_at: i64,
    /// The social worker's name, and who recorded it (as their accounts are named now).
    pub staff_name: String,
    pub recorded_by_name: Option<String>,
}

impl AbsenceRow {
    pub fn absence(&self) -> Absence {
        Absence {
            from: self.from,
            to: self.to,
        }
    }
}

pub fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_day(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| crate::db::StoreError::Corrupt(format!("absence day {s:?}")))
}

const COLUMNS: &str = "a.id, a.staff_id, a.from_day, a.to_day, a.source, a.note, a.recorded_by, \
     a.recorded_at, s.name, r.name FROM staff_absences a JOIN staff s ON s.id = a.staff_id \
     LEFT JOIN staff r ON r.id = a.recorded_by";

fn row(r: &sqlx::any::AnyRow) -> Result<AbsenceRow> {
    Ok(AbsenceRow {
        id: r.try_get(0)?,
        staff_id: r.try_get(1)?,
        from: parse_day(&r.try_get::<String, _>(2)?)?,
        to: parse_day(&r.try_get::<String, _>(3)?)?,
        source: r.try_get(4)?,
        note: r.try_get(5)?,
        recorded_by: r.try_get(6)?,
        recorded_at: r.try_get(7)?,
        staff_name: r.try_get(8)?,
        recorded_by_name: r.try_get(9)?,
    })
}

/// Absences that end on or after `since` (one staff member's, or everyone's), by start.
pub async fn ending_from(
    conn: &mut AnyConnection,
    staff_id: Option<i64>,
    since: NaiveDate,
) -> Result<Vec<AbsenceRow>> {
    let rows = match staff_id {
        Some(id) => {
            sqlx::query(&format!(
            "SELECT {COLUMNS} WHERE a.staff_id = $1 AND a.to_day >= $2 ORDER BY a.from_day, a.id"
        ))
            .bind(id)
            .bind(day(since))
            .fetch_all(&mut *conn)
            .await?
        }
        None => {
            sqlx::query(&format!(
                "SELECT {COLUMNS} WHERE a.to_day >= $1 ORDER BY a.from_day, a.staff_id, a.id"
            ))
            .bind(day(since))
            .fetch_all(&mut *conn)
            .await?
        }
    };
    rows.iter().map(row).collect()
}

/// Every absence of the given staff member (booking weighs past and future alike).
pub async fn of_staff(conn: &mut AnyConnection, staff_id: i64) -> Result<Vec<Absence>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} WHERE a.staff_id = $1 ORDER BY a.from_day"
    ))
    .bind(staff_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok(row(r)?.absence())).collect()
}

/// The absences a staff member has from the configuration (not those recorded in the app), in
/// date order: what `config export` writes as their `absent`.
pub async fn configured_of(conn: &mut AnyConnection, username: &str) -> Result<Vec<Absence>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} WHERE s.username = $1 AND a.source = $2 ORDER BY a.from_day, a.to_day"
    ))
    .bind(username)
    .bind(FROM_CONFIGURATION)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok(row(r)?.absence())).collect()
}

/// Every absence, with its staff member's id.
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<(i64, Absence)>> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} ORDER BY a.staff_id, a.from_day"))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            let a = row(r)?;
            Ok((a.staff_id, a.absence()))
        })
        .collect()
}

pub async fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<AbsenceRow>> {
    let r = sqlx::query(&format!("SELECT {COLUMNS} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    r.as_ref().map(row).transpose()
}

/// A new absence; returns its id.
pub async fn insert(
    conn: &mut AnyConnection,
    staff_id: i64,
    a: Absence,
    source: &str,
    note: Option<&str>,
    recorded_by: Option<i64>,
    recorded_at: i64,
) -> Result<i64> {
    let r = sqlx::query(
        "INSERT INTO staff_absences (staff_id, from_day, to_day, source, note, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(staff_id)
    .bind(day(a.from))
    .bind(day(a.to))
    .bind(source)
    .bind(note)
    .bind(recorded_by)
    .bind(recorded_at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(r.try_get(0)?)
}

/// An absence's last day (ending it early, or longer).
pub async fn set_to(conn: &mut AnyConnection, id: i64, to: NaiveDate) -> Result<()> {
    sqlx::query("UPDATE staff_absences SET to_day = $1 WHERE id = $2")
        .bind(day(to))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut AnyConnection, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM staff_absences WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Makes a staff member's absences from the configuration file `absences` (at every
/// configuration load): those that left the file go, new ones are added, the others keep their
/// id and time; those recorded in the app stay.
pub async fn replace_from_configuration(
    conn: &mut AnyConnection,
    username: &str,
    absences: &[Absence],
    now: i64,
) -> Result<()> {
    let Some(id) = sqlx::query("SELECT id FROM staff WHERE username = $1")
        .bind(username)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(());
    };
    let staff_id: i64 = id.try_get(0)?;
    let held: Vec<AbsenceRow> = sqlx::query(&format!(
        "SELECT {COLUMNS} WHERE a.staff_id = $1 AND a.source = $2"
    ))
    .bind(staff_id)
    .bind(FROM_CONFIGURATION)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(row)
    .collect::<Result<_>>()?;
    for h in &held {
        if !absences.contains(&h.absence()) {
            delete(conn, h.id).await?;
        }
    }
    for a in absences {
        if !held.iter().any(|h| h.absence() == *a) {
            insert(conn, staff_id, *a, FROM_CONFIGURATION, None, None, now).await?;
        }
    }
    Ok(())
}
