//! The `staff` table: accounts, their login state (throttling, one-time passwords) and whether
//! they are active, in the configuration file, or disabled and by whom; and, for transfers and
//! appointments, who takes appointments (roles, weekly availability, the services they are
//! linked to) and the secrets of their calendar feeds.
//!
//! Roles are stored as comma-separated text, services as a JSON array of service keys.

use chrono::{DateTime, Utc};
use onthaal_wire::{Account, Staff};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::{changed_one, col, first_column, from_ms, ms, parse_json, Result};
use crate::config::StaffConfig;
use crate::domain::appointments::Availability;
use crate::domain::roles::{parse_roles, Role};

/// The password hash of an account that has no password: no password hashes to it, so nobody
/// logs in until one is set.
pub(crate) const NO_PASSWORD: &str = "!";

/// Why an account was disabled, as `staff.disabled_reason` stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DisabledBy {
    /// It left the configuration file; enabled again when it comes back.
    Configuration,
    /// An administrator, in the app.
    Admin(i64),
    /// `onthaal-server account disable`.
    CommandLine,
}

impl DisabledBy {
    fn reason(self) -> &'static str {
        match self {
            DisabledBy::Configuration => "configuration",
            DisabledBy::Admin(_) => "admin",
            DisabledBy::CommandLine => "command_line",
        }
    }

    fn staff_id(self) -> Option<i64> {
        match self {
            DisabledBy::Admin(id) => Some(id),
            _ => None,
        }
    }
}

/// Roles as stored: `reception,id_team`.
pub(crate) fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn role_names(stored: &str) -> Vec<String> {
    parse_roles(stored)
        .iter()
        .map(|r| r.as_str().to_string())
        .collect()
}

/// An account as a login reads it.
pub(crate) struct LoginAccount {
    pub id: i64,
    pub hash: String,
    pub failed: i64,
    pub not_before: Option<DateTime<Utc>>,
    pub must_change_password: bool,
    pub staff: Staff,
}

/// The active account with this username.
pub(crate) async fn for_login(
    conn: &mut AnyConnection,
    username: &str,
) -> Result<Option<LoginAccount>> {
    let Some(row) = sqlx::query(
        "SELECT id, name, roles, services, password_hash, failed_logins, login_not_before, must_change_password \
         FROM staff WHERE username = $1 AND active = 1",
    )
    .bind(username)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(LoginAccount {
        id: col(&row, "id")?,
        hash: col(&row, "password_hash")?,
        failed: col(&row, "failed_logins")?,
        not_before: col::<Option<i64>>(&row, "login_not_before")?.map(from_ms),
        must_change_password: col::<i64>(&row, "must_change_password")? != 0,
        staff: staff_of(&row)?,
    }))
}

fn staff_of(row: &AnyRow) -> Result<Staff> {
    Ok(Staff {
        id: col(row, "id")?,
        name: col(row, "name")?,
        roles: role_names(&col::<String>(row, "roles")?),
        services: parse_json(&col::<String>(row, "services")?)?,
    })
}

/// A successful login starts the count of failed attempts again.
pub(crate) async fn clear_failures(conn: &mut AnyConnection, id: i64) -> Result<()> {
    sqlx::query("UPDATE staff SET failed_logins = 0, login_not_before = NULL WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Counts one more failed attempt, atomically (parallel attempts on several instances all
/// count), and returns the count.
pub(crate) async fn count_failure(conn: &mut AnyConnection, id: i64) -> Result<i64> {
    Ok(sqlx::query(
        "UPDATE staff SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?)
}

/// No attempt is checked before `until`, unless a later wait was set already.
pub(crate) async fn hold_back(
    conn: &mut AnyConnection,
    id: i64,
    until: DateTime<Utc>,
) -> Result<()> {
    statement!(
        "UPDATE staff SET login_not_before = CASE WHEN login_not_before IS NULL OR login_not_before < $1 \
         THEN $1 ELSE login_not_before END WHERE id = $2";
        ms(until), id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Active staff members, by name.
pub(crate) async fn active(conn: &mut AnyConnection) -> Result<Vec<Staff>> {
    let rows =
        sqlx::query("SELECT id, name, roles, services FROM staff WHERE active = 1 ORDER BY name")
            .fetch_all(&mut *conn)
            .await?;
    rows.iter().map(staff_of).collect()
}

const ACCOUNT: &str =
    "SELECT s.id, s.username, s.name, s.roles, s.services, s.active, s.disabled_at, \
     s.disabled_reason, d.name AS disabled_by_name, d.username AS disabled_by_username, \
     s.must_change_password, s.password_hash, s.created_at \
     FROM staff s LEFT JOIN staff d ON d.id = s.disabled_by";

fn account_of(r: &AnyRow) -> Result<Account> {
    let reason: Option<String> = col(r, "disabled_reason")?;
    let by_name: Option<String> = col(r, "disabled_by_name")?;
    let by_username: Option<String> = col(r, "disabled_by_username")?;
    let active = col::<i64>(r, "active")? != 0;
    let disabled_by = match (active, reason.as_deref(), by_name) {
        (true, _, _) => None,
        (false, Some("admin"), Some(name)) => {
            Some(format!("{name} ({})", by_username.unwrap_or_default()))
        }
        (false, Some("command_line"), _) => Some("command line".into()),
        (false, Some("configuration"), _) => Some("configuration".into()),
        (false, other, _) => other.map(str::to_string),
    };
    Ok(Account {
        id: col(r, "id")?,
        username: col(r, "username")?,
        name: col(r, "name")?,
        roles: role_names(&col::<String>(r, "roles")?),
        services: parse_json(&col::<String>(r, "services")?)?,
        active,
        disabled_at: col::<Option<i64>>(r, "disabled_at")?
            .filter(|_| !active)
            .map(from_ms),
        disabled_by,
        must_change_password: col::<i64>(r, "must_change_password")? != 0,
        has_password: col::<String>(r, "password_hash")? != NO_PASSWORD,
        created_at: from_ms(col(r, "created_at")?),
    })
}

/// Every account, disabled ones too, by username.
pub(crate) async fn accounts(conn: &mut AnyConnection) -> Result<Vec<Account>> {
    let rows = sqlx::query(&format!("{ACCOUNT} ORDER BY s.username"))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(account_of).collect()
}

pub(crate) async fn account(conn: &mut AnyConnection, id: i64) -> Result<Option<Account>> {
    sqlx::query(&format!("{ACCOUNT} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(account_of)
        .transpose()
}

pub(crate) async fn account_by_username(
    conn: &mut AnyConnection,
    username: &str,
) -> Result<Option<Account>> {
    sqlx::query(&format!("{ACCOUNT} WHERE s.username = $1"))
        .bind(username)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(account_of)
        .transpose()
}

/// Whether an account (active or not) has this username.
pub(crate) async fn exists(conn: &mut AnyConnection, username: &str) -> Result<bool> {
    Ok(sqlx::query("SELECT id FROM staff WHERE username = $1")
        .bind(username)
        .fetch_optional(&mut *conn)
        .await?
        .is_some())
}

/// A new account, made in the app or from the command line (not in the configuration file).
/// `None` when the username is taken.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    username: &str,
    name: &str,
    roles: &[Role],
    services: &[String],
    hash: &str,
    must_change_password: bool,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    Ok(statement!(
        "INSERT INTO staff (username, name, roles, services, password_hash, must_change_password, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (username) DO NOTHING RETURNING id";
        username, name, roles_text(roles), serde_json::to_string(services).expect("keys serialise"),
        hash, must_change_password as i64, ms(now)
    )
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| r.try_get(0))
    .transpose()?)
}

/// The `admin` account the server makes at its first start; `false` if one exists.
pub(crate) async fn insert_first_admin(
    conn: &mut AnyConnection,
    hash: &str,
    must_change_password: bool,
    now: DateTime<Utc>,
) -> Result<bool> {
    changed_one(
        &mut *conn,
        statement!(
            "INSERT INTO staff (username, name, roles, password_hash, must_change_password, created_at) \
             VALUES ('admin', 'Beheerder', 'admin', $1, $2, $3) ON CONFLICT (username) DO NOTHING";
            hash, must_change_password as i64, ms(now)
        ),
    )
    .await
}

pub(crate) async fn set_profile(
    conn: &mut AnyConnection,
    id: i64,
    name: &str,
    roles: &[Role],
    services: &[String],
) -> Result<()> {
    statement!(
        "UPDATE staff SET name = $1, roles = $2, services = $3 WHERE id = $4";
        name, roles_text(roles), serde_json::to_string(services).expect("keys serialise"), id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Disables an active account; `false` if it was not active.
pub(crate) async fn disable(
    conn: &mut AnyConnection,
    id: i64,
    by: DisabledBy,
    now: DateTime<Utc>,
) -> Result<bool> {
    changed_one(
        &mut *conn,
        statement!(
            "UPDATE staff SET active = 0, disabled_at = $1, disabled_reason = $2, disabled_by = $3 \
             WHERE id = $4 AND active = 1";
            ms(now), by.reason(), by.staff_id(), id
        ),
    )
    .await
}

/// Enables a disabled account; `false` if it was active.
pub(crate) async fn enable(conn: &mut AnyConnection, id: i64) -> Result<bool> {
    changed_one(
        &mut *conn,
        sqlx::query(
            "UPDATE staff SET active = 1, disabled_at = NULL, disabled_reason = NULL, disabled_by = NULL, \
             failed_logins = 0, login_not_before = NULL WHERE id = $1 AND active = 0",
        )
        .bind(id),
    )
    .await
}

/// A new password hash; a one-time password must be changed at the next login. Failed
/// attempts start again from zero.
pub(crate) async fn set_password(
    conn: &mut AnyConnection,
    id: i64,
    hash: &str,
    must_change_password: bool,
) -> Result<()> {
    statement!(
        "UPDATE staff SET password_hash = $1, must_change_password = $2, failed_logins = 0, \
         login_not_before = NULL WHERE id = $3";
        hash, must_change_password as i64, id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An active account's password as a change of it reads it.
pub(crate) struct OwnPassword {
    pub hash: String,
    /// The words tied to the account, which a new password must not lean on.
    pub username: String,
    pub name: String,
    /// No attempt is checked before this, after wrong passwords (see `domain/throttle.rs`).
    pub not_before: Option<DateTime<Utc>>,
}

pub(crate) async fn password_of(conn: &mut AnyConnection, id: i64) -> Result<Option<OwnPassword>> {
    sqlx::query(
        "SELECT password_hash, username, name, login_not_before FROM staff WHERE id = $1 AND active = 1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| {
        Ok(OwnPassword {
            hash: r.try_get(0)?,
            username: r.try_get(1)?,
            name: r.try_get(2)?,
            not_before: r.try_get::<Option<i64>, _>(3)?.map(from_ms),
        })
    })
    .transpose()
}

/// The active accounts with the admin role other than `except`.
pub(crate) async fn other_active_admins(conn: &mut AnyConnection, except: i64) -> Result<usize> {
    let rows = sqlx::query("SELECT roles FROM staff WHERE active = 1 AND id <> $1")
        .bind(except)
        .fetch_all(&mut *conn)
        .await?;
    let mut n = 0;
    for r in &rows {
        if parse_roles(&r.try_get::<String, _>(0)?).contains(&Role::Admin) {
            n += 1;
        }
    }
    Ok(n)
}

/// What the configuration file's loading did to one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FileChange {
    /// It was in the file and came back: enabled again.
    Returned(i64, String),
    /// It left the file: disabled.
    Left(i64, String),
}

/// Writes one account of the configuration file: a new one with its password hash (or none,
/// [`NO_PASSWORD`]); an existing one takes the file's name and roles and keeps its password.
/// An account the file had disabled by leaving it is enabled again; one disabled in the app or
/// from the command line stays disabled. Returns the account's id and whether it came back.
pub(crate) async fn write_from_file(
    conn: &mut AnyConnection,
    username: &str,
    name: &str,
    roles: &[Role],
    new_hash: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(i64, bool)> {
    let returned = sqlx::query(
        "SELECT id FROM staff WHERE username = $1 AND active = 0 AND disabled_reason = 'configuration'",
    )
    .bind(username)
    .fetch_optional(&mut *conn)
    .await?
    .is_some();
    let id: i64 = statement!(
        "INSERT INTO staff (username, name, roles, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (username) DO UPDATE SET name = excluded.name, roles = excluded.roles \
         RETURNING id";
        username, name, roles_text(roles), new_hash.unwrap_or(NO_PASSWORD), ms(now)
    )
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    if returned {
        enable(conn, id).await?;
    }
    Ok((id, returned))
}

/// At the one start that still loads the file over accounts (a database from before the
/// database held the configuration, migration 0018: revision 0), every account the file had
/// listed (`in_configuration`, written by the versions before) that is not in `usernames` any
/// more is disabled, unless it was already. Accounts made in the app on those versions, and
/// the `admin` account the server makes itself, were never in the file and stay as they are.
///
/// This is the column's one reader, and nothing writes it any more: from that start on the
/// database is the configuration's source, a start no longer loads the file, and an import
/// disables every account the file leaves out (`disable_all_but`), in the file or not.
pub(crate) async fn leave_file(
    conn: &mut AnyConnection,
    usernames: &[&str],
    now: DateTime<Utc>,
) -> Result<Vec<FileChange>> {
    let rows = sqlx::query("SELECT id, username FROM staff WHERE in_configuration = 1")
        .fetch_all(&mut *conn)
        .await?;
    let mut left = Vec::new();
    for r in &rows {
        let (id, username): (i64, String) = (r.try_get(0)?, r.try_get(1)?);
        if usernames.contains(&username.as_str()) {
            continue;
        }
        left.extend(out_of_file(conn, id, username, now).await?);
    }
    Ok(left)
}

/// The active accounts as the configuration holds them (no password), in the order they were
/// made: what `config export` writes.
pub(crate) async fn configured(conn: &mut AnyConnection) -> Result<Vec<StaffConfig>> {
    sqlx::query(
        "SELECT username, name, roles, availability, services FROM staff WHERE active = 1 ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(StaffConfig {
            username: col(r, "username")?,
            name: col(r, "name")?,
            roles: parse_roles(&col::<String>(r, "roles")?),
            password: None,
            availability: parse_json(&col::<String>(r, "availability")?)?,
            services: parse_json(&col::<String>(r, "services")?)?,
        })
    })
    .collect()
}

/// The usernames of disabled accounts.
pub(crate) async fn disabled_usernames(conn: &mut AnyConnection) -> Result<Vec<String>> {
    sqlx::query("SELECT username FROM staff WHERE active = 0 ORDER BY username")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok(r.try_get(0)?))
        .collect()
}

/// An imported file's account that exists but is disabled (for whatever reason) is enabled
/// again: the file is the configuration now. Returns whether it was.
pub(crate) async fn enable_by_username(
    conn: &mut AnyConnection,
    username: &str,
) -> Result<Option<i64>> {
    let id: Option<i64> = first_column(
        sqlx::query("SELECT id FROM staff WHERE username = $1 AND active = 0")
            .bind(username)
            .fetch_optional(&mut *conn)
            .await?,
    )?;
    match id {
        Some(id) if enable(conn, id).await? => Ok(Some(id)),
        _ => Ok(None),
    }
}

/// An account that left the configuration file, disabled; the change when it was active.
async fn out_of_file(
    conn: &mut AnyConnection,
    id: i64,
    username: String,
    now: DateTime<Utc>,
) -> Result<Option<FileChange>> {
    let disabled = disable(conn, id, DisabledBy::Configuration, now).await?;
    Ok(disabled.then_some(FileChange::Left(id, username)))
}

/// Disables every active account not in `usernames` (an import: they left the file), except
/// that the administrators among them stay when the file keeps no active administrator, so
/// that an import never locks everyone out. Returns the disabled accounts and the kept ones.
pub(crate) async fn disable_all_but(
    conn: &mut AnyConnection,
    usernames: &[&str],
    file_has_admin: bool,
    now: DateTime<Utc>,
) -> Result<(Vec<FileChange>, Vec<String>)> {
    let rows = sqlx::query("SELECT id, username, roles FROM staff WHERE active = 1 ORDER BY id")
        .fetch_all(&mut *conn)
        .await?;
    let (mut left, mut kept) = (Vec::new(), Vec::new());
    for r in &rows {
        let (id, username, roles): (i64, String, String) =
            (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
        if usernames.contains(&username.as_str()) {
            continue;
        }
        if !file_has_admin && parse_roles(&roles).contains(&Role::Admin) {
            kept.push(username);
            continue;
        }
        left.extend(out_of_file(conn, id, username, now).await?);
    }
    Ok((left, kept))
}

// ---- Appointments: who takes them, and calendar feeds ----

/// An active staff member as appointments see them.
pub struct StaffPlan {
    pub id: i64,
    pub name: String,
    pub roles: Vec<Role>,
    /// Weekly availability as stored (JSON): read with [`StaffPlan::availability`].
    availability: String,
    /// Linked service keys as stored (JSON): read with [`StaffPlan::services`].
    services: String,
    /// Their absences, from `staff_absences` (see `db/absences.rs`).
    absences: Vec<crate::domain::appointments::Absence>,
}

impl StaffPlan {
    pub fn is(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Weekly hours as stored, with the absences of the absences table.
    pub fn availability(&self) -> Result<Availability> {
        let mut a: Availability = parse_json(&self.availability)?;
        a.absences = self.absences.clone();
        Ok(a)
    }

    /// The service keys they take appointments for; none: every service.
    pub fn services(&self) -> Result<Vec<String>> {
        parse_json(&self.services)
    }
}

/// Every active staff member with their roles, availability and services, by id.
pub async fn active_plans(conn: &mut AnyConnection) -> Result<Vec<StaffPlan>> {
    let mut plans = sqlx::query(
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
            absences: Vec::new(),
        })
    })
    .collect::<Result<Vec<_>>>()?;
    for (staff_id, a) in super::absences::all(conn).await? {
        if let Some(p) = plans.iter_mut().find(|p| p.id == staff_id) {
            p.absences.push(a);
        }
    }
    Ok(plans)
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
        Some(r) => {
            let mut availability: Availability = parse_json(&r.try_get::<String, _>(0)?)?;
            availability.absences = super::absences::of_staff(conn, staff_id).await?;
            Ok(Some((
                availability,
                parse_json(&r.try_get::<String, _>(1)?)?,
            )))
        }
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
    statement!(
        "UPDATE staff SET availability = $1, services = $2 WHERE username = $3";
        availability, services, username
    )
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
    statement!(
        "UPDATE staff SET ical_token = $1 WHERE id = $2 AND ical_token IS NULL";
        token, staff_id
    )
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
