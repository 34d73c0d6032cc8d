//! The `staff` table, for transfers and appointments: whether a staff member is active, who
//! takes appointments (roles, weekly availability, the services they are linked to) and the
//! secrets of their calendar feeds. (Accounts, sessions and passwords are the business of
//! `usecases/auth.rs` and `usecases/setup.rs`.)

use sqlx::{AnyConnection, Row};

use crate::db::{first_column, parse_json, Result};
use crate::domain::appointments::Availability;
use crate::domain::roles::{parse_roles, Role};

/// An active staff member as appointments see them.
pub struct StaffPlan {
    pub id: i64,
    pub name: String,
    pub roles: Vec<Role>,
    /// Weekly availability as stored (JSON): read with [`StaffPlan::availability`].
    availability: String,
    /// Linked service keys as stored (JSON): read with [`StaffPlan::services`].
    services: String,
}

impl StaffPlan {
    pub fn is(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn availability(&self) -> Result<Availability> {
        parse_json(&self.availability)
    }

    /// The service keys they take appointments for; none: every service.
    pub fn services(&self) -> Result<Vec<String>> {
        parse_json(&self.services)
    }
}

/// Every active staff member with their roles, availability and services, by id.
pub async fn active_plans(conn: &mut AnyConnection) -> Result<Vec<StaffPlan>> {
    sqlx::query(
        "SELECT id, name, roles, availability, services FROM staff WHERE active = 1 ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(StaffPlan {
            id: r.try_get(0)?,
            name: r.try_get(1)?,
            roles: parse_roles(&r.try_get::<String, _>(2)?),
            availability: r.try_get(3)?,
            services: r.try_get(4)?,
        })
    })
    .collect()
}

/// Whether a staff member exists and is active (a transfer's target).
pub async fn is_active(conn: &mut AnyConnection, staff_id: i64) -> Result<bool> {
    Ok(
        sqlx::query("SELECT id FROM staff WHERE id = $1 AND active = 1")
            .bind(staff_id)
            .fetch_optional(&mut *conn)
            .await?
            .is_some(),
    )
}

/// An active staff member's availability and linked services; `None` for no such member.
pub async fn plan_of_active(
    conn: &mut AnyConnection,
    staff_id: i64,
) -> Result<Option<(Availability, Vec<String>)>> {
    let row = sqlx::query("SELECT availability, services FROM staff WHERE id = $1 AND active = 1")
        .bind(staff_id)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        None => Ok(None),
        Some(r) => Ok(Some((
            parse_json(&r.try_get::<String, _>(0)?)?,
            parse_json(&r.try_get::<String, _>(1)?)?,
        ))),
    }
}

/// A staff member's linked services, active or not; `None` for no such member.
pub async fn services_of<'c, E>(ex: E, staff_id: i64) -> Result<Option<Vec<String>>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let row = sqlx::query("SELECT services FROM staff WHERE id = $1")
        .bind(staff_id)
        .fetch_optional(ex)
        .await?;
    first_column::<String>(row)?
        .map(|s| parse_json(&s))
        .transpose()
}

/// Writes a staff member's availability and linked services (JSON), by username.
pub async fn set_plan(
    conn: &mut AnyConnection,
    username: &str,
    availability: &str,
    services: &str,
) -> Result<()> {
    sqlx::query("UPDATE staff SET availability = $1, services = $2 WHERE username = $3")
        .bind(availability)
        .bind(services)
        .bind(username)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// An active staff member's calendar secret: `None` for no such member, `Some(None)` for one
/// without a secret yet.
pub async fn ical_token_of_active<'c, E>(ex: E, staff_id: i64) -> Result<Option<Option<String>>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    first_column(
        sqlx::query("SELECT ical_token FROM staff WHERE id = $1 AND active = 1")
            .bind(staff_id)
            .fetch_optional(ex)
            .await?,
    )
}

/// Gives a staff member this calendar secret unless they have one already; returns the one
/// they have after (the first of two writers wins).
pub async fn keep_ical_token(
    pool: &sqlx::AnyPool,
    staff_id: i64,
    token: &str,
) -> Result<Option<String>> {
    sqlx::query("UPDATE staff SET ical_token = $1 WHERE id = $2 AND ical_token IS NULL")
        .bind(token)
        .bind(staff_id)
        .execute(pool)
        .await?;
    Ok(sqlx::query("SELECT ical_token FROM staff WHERE id = $1")
        .bind(staff_id)
        .fetch_one(pool)
        .await?
        .try_get(0)?)
}

/// The active staff member with this calendar secret: id and name.
pub async fn by_ical_token<'c, E>(ex: E, token: &str) -> Result<Option<(i64, String)>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    match sqlx::query("SELECT id, name FROM staff WHERE ical_token = $1 AND active = 1")
        .bind(token)
        .fetch_optional(ex)
        .await?
    {
        Some(r) => Ok(Some((r.try_get(0)?, r.try_get(1)?))),
        None => Ok(None),
    }
}
