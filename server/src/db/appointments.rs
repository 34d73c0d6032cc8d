//! The `appointments` table: bookings with their contact details, their place in time (who,
//! which room), check-in, the reminders' claims (see `usecases/reminders.rs`) and the purge of
//! contact details.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use onthaal_wire::{Contact, Lang};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use crate::db::{changed_one, col, first_column, from_ms, ms, AnyQuery, Result, StoreError};
use crate::domain::appointments::AppointmentState;
use crate::domain::reminders::{CLAIM_EXPIRES, MAX_ATTEMPTS, RETRY_AFTER};

const COLUMNS: &str =
    "a.id, a.location_id, a.service_id, a.staff_id, a.desk_id, a.start_at, a.end_at, a.code, \
     a.state, a.channel, a.contact_name, a.contact_phone, a.contact_email, a.lang, a.ticket_id, \
     a.created_at, a.arrived_at, s.name AS staff_name, t.number AS ticket_number, a.manage_token";
const FROM: &str = "FROM appointments a LEFT JOIN staff s ON s.id = a.staff_id \
     LEFT JOIN tickets t ON t.id = a.ticket_id";

/// An appointment as stored, before it is dressed for the wire.
pub struct AppointmentRow {
    pub id: i64,
    pub location_id: i64,
    pub service_id: i64,
    pub staff_id: Option<i64>,
    pub desk_id: Option<i64>,
    pub start_at: i64,
    pub end_at: i64,
    pub code: String,
    pub state: AppointmentState,
    pub channel: String,
    pub contact: Contact,
    pub lang: Lang,
    pub ticket_id: Option<i64>,
    pub created_at: i64,
    pub arrived_at: Option<i64>,
    pub staff_name: Option<String>,
    pub ticket_number: Option<String>,
    pub manage_token: Option<String>,
}

impl AppointmentRow {
    fn from_row(r: &AnyRow) -> Result<AppointmentRow> {
        let state: String = col(r, "state")?;
        let lang: String = col(r, "lang")?;
        Ok(AppointmentRow {
            id: col(r, "id")?,
            location_id: col(r, "location_id")?,
            service_id: col(r, "service_id")?,
            staff_id: col(r, "staff_id")?,
            desk_id: col(r, "desk_id")?,
            start_at: col(r, "start_at")?,
            end_at: col(r, "end_at")?,
            code: col(r, "code")?,
            state: AppointmentState::parse(&state)
                .ok_or_else(|| StoreError::Corrupt(format!("appointment state {state}")))?,
            channel: col(r, "channel")?,
            contact: Contact {
                name: col(r, "contact_name")?,
                phone: col(r, "contact_phone")?,
                email: col(r, "contact_email")?,
            },
            lang: Lang::parse(&lang).unwrap_or_default(),
            ticket_id: col(r, "ticket_id")?,
            created_at: col(r, "created_at")?,
            arrived_at: col(r, "arrived_at")?,
            staff_name: col(r, "staff_name")?,
            ticket_number: col(r, "ticket_number")?,
            manage_token: col(r, "manage_token")?,
        })
    }
}

/// An appointment by id.
pub async fn by_id(conn: &mut AnyConnection, id: i64) -> Result<AppointmentRow> {
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE a.id = $1");
    let r = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("appointment {id}")))?;
    AppointmentRow::from_row(&r)
}

/// The appointment behind a manage token.
pub async fn by_manage_token<'c, E>(ex: E, token: &str) -> Result<AppointmentRow>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE a.manage_token = $1");
    let row = sqlx::query(&sql)
        .bind(token)
        .fetch_optional(ex)
        .await?
        .ok_or_else(|| StoreError::NotFound("appointment".into()))?;
    AppointmentRow::from_row(&row)
}

/// A location's appointment with this booking code (normalised).
pub async fn by_code(
    conn: &mut AnyConnection,
    code: &str,
    location_id: i64,
) -> Result<Option<AppointmentRow>> {
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE a.code = $1 AND a.location_id = $2");
    statement!(&sql; code, location_id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(AppointmentRow::from_row)
        .transpose()
}

/// A location's appointments on a local day (`YYYY-MM-DD`; optionally one staff member's), by
/// start.
pub async fn on_day<'c, E>(
    ex: E,
    location_id: i64,
    day: &str,
    staff: Option<i64>,
) -> Result<Vec<AppointmentRow>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT {COLUMNS} {FROM} WHERE a.location_id = $1 AND a.day = $2 AND ($3 = 0 OR a.staff_id = $4) \
         ORDER BY a.start_at, a.id"
    );
    statement!(&sql; location_id, day, staff.is_some() as i64, staff.unwrap_or(0))
        .fetch_all(ex)
        .await?
        .iter()
        .map(AppointmentRow::from_row)
        .collect()
}

/// A staff member's appointments overlapping `[from, to)` (ms; all locations), by start.
pub async fn of_staff_between<'c, E>(
    ex: E,
    staff_id: i64,
    from: i64,
    to: i64,
) -> Result<Vec<AppointmentRow>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT {COLUMNS} {FROM} WHERE a.staff_id = $1 AND a.start_at < $2 AND a.end_at > $3 \
         ORDER BY a.start_at, a.id"
    );
    statement!(&sql; staff_id, to, from)
        .fetch_all(ex)
        .await?
        .iter()
        .map(AppointmentRow::from_row)
        .collect()
}

/// The location of an appointment.
pub async fn location_of<'c, E>(ex: E, id: i64) -> Result<i64>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let row = sqlx::query("SELECT location_id FROM appointments WHERE id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("appointment {id}")))?;
    Ok(row.try_get(0)?)
}

/// The state (as stored) of an appointment of this location; `None` for none.
pub async fn state_in_location(
    conn: &mut AnyConnection,
    id: i64,
    location_id: i64,
) -> Result<Option<String>> {
    first_column(
        statement!(
            "SELECT state FROM appointments WHERE id = $1 AND location_id = $2";
            id, location_id
        )
        .fetch_optional(&mut *conn)
        .await?,
    )
}

/// The slot, booking channel and social worker of these appointments, by id (for the
/// statistics' fold of events written before they carried them).
pub async fn slots_of(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<HashMap<i64, (i64, String, Option<i64>)>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    // Integers only, formatted here: safe to inline.
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    sqlx::query(&format!(
        "SELECT id, start_at, channel, staff_id FROM appointments WHERE id IN ({})",
        list.join(",")
    ))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            col(r, "id")?,
            (col(r, "start_at")?, col(r, "channel")?, col(r, "staff_id")?),
        ))
    })
    .collect()
}

/// Whether an appointment has this booking code.
pub async fn code_taken(conn: &mut AnyConnection, code: &str) -> Result<bool> {
    Ok(sqlx::query("SELECT 1 FROM appointments WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?
        .is_some())
}

/// What [`insert`] writes (besides the code and the manage token).
pub struct Insert<'a> {
    pub location_id: i64,
    pub service_id: i64,
    pub staff: Option<i64>,
    pub desk: Option<i64>,
    pub start: i64,
    pub end: i64,
    pub day: &'a str,
    pub contact: &'a Contact,
    pub lang: Lang,
    pub created_by: Option<i64>,
    /// `desk` (booked by staff) or `online` (booked by the citizen).
    pub channel: &'a str,
}

/// Inserts a booked appointment with its booking code and manage token, created at `at`
/// (ms). Returns the new id.
pub async fn insert(
    conn: &mut AnyConnection,
    a: &Insert<'_>,
    code: &str,
    manage_token: &str,
    at: i64,
) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO appointments (location_id, service_id, staff_id, desk_id, start_at, end_at, day, code, state, channel, \
         contact_name, contact_phone, contact_email, lang, created_by, created_at, manage_token) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'booked', $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
    )
    .bind(a.location_id)
    .bind(a.service_id)
    .bind(a.staff)
    .bind(a.desk)
    .bind(a.start)
    .bind(a.end)
    .bind(a.day)
    .bind(code)
    .bind(a.channel)
    .bind(a.contact.name.clone())
    .bind(a.contact.phone.clone())
    .bind(a.contact.email.clone())
    .bind(a.lang.code())
    .bind(a.created_by)
    .bind(at)
    .bind(manage_token)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?)
}

/// A booked (not cancelled) appointment's place in time: who, which room, which service.
pub struct Booked {
    pub staff_id: Option<i64>,
    pub desk_id: Option<i64>,
    pub service_key: String,
    /// Start and end, in ms.
    pub at: (i64, i64),
}

/// The appointments booked (not cancelled) overlapping `[from, to)` (ms), but `except`.
pub async fn booked_between(
    conn: &mut AnyConnection,
    from: i64,
    to: i64,
    except: Option<i64>,
) -> Result<Vec<Booked>> {
    let rows = statement!(
        "SELECT a.staff_id, a.desk_id, s.key, a.start_at, a.end_at \
         FROM appointments a JOIN services s ON s.id = a.service_id \
         WHERE a.state <> 'cancelled' AND a.start_at < $1 AND a.end_at > $2 AND a.id <> $3";
        to, from, except.unwrap_or(-1)
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Booked {
                staff_id: r.try_get(0)?,
                desk_id: r.try_get(1)?,
                service_key: r.try_get(2)?,
                at: (r.try_get(3)?, r.try_get(4)?),
            })
        })
        .collect()
}

/// The `staff_id` of a booked (not cancelled) appointment of this staff member or room
/// overlapping `[start, end)` (ms), but `except`; `None` when there is none.
pub async fn first_overlap(
    conn: &mut AnyConnection,
    staff: Option<i64>,
    desk: Option<i64>,
    (start, end): (i64, i64),
    except: Option<i64>,
) -> Result<Option<Option<i64>>> {
    let row = statement!(
        "SELECT staff_id, desk_id FROM appointments WHERE state <> 'cancelled' AND start_at < $1 AND end_at > $2 \
         AND (staff_id = $3 OR desk_id = $4) AND id <> $5 LIMIT 1";
        end, start, staff, desk, except.unwrap_or(-1)
    )
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(r) => Ok(Some(r.try_get(0)?)),
        None => Ok(None),
    }
}

/// Start and end (ms) of the booked (not cancelled) appointments of this staff member or room
/// overlapping `[from, to)`.
pub async fn busy_between(
    conn: &mut AnyConnection,
    staff: Option<i64>,
    desk: Option<i64>,
    from: i64,
    to: i64,
) -> Result<Vec<(i64, i64)>> {
    statement!(
        "SELECT start_at, end_at FROM appointments WHERE state <> 'cancelled' AND start_at < $1 AND end_at > $2 \
         AND (staff_id = $3 OR desk_id = $4)";
        to, from, staff, desk
    )
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect()
}

/// The appointment of a ticket takes the state its ticket's change gives it (unless cancelled).
pub async fn set_state_of_ticket(
    conn: &mut AnyConnection,
    ticket_id: i64,
    state: AppointmentState,
) -> Result<()> {
    statement!(
        "UPDATE appointments SET state = $1 WHERE ticket_id = $2 AND state <> 'cancelled'";
        state.as_str(), ticket_id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An appointment ends as cancelled (at `cancelled_at`, ms) or as a no-show.
pub async fn set_ended(
    conn: &mut AnyConnection,
    id: i64,
    state: AppointmentState,
    cancelled_at: Option<i64>,
) -> Result<()> {
    statement!(
        "UPDATE appointments SET state = $1, cancelled_at = $2 WHERE id = $3";
        state.as_str(), cancelled_at, id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An appointment moved to `[start, end)` (ms) on local day `day`.
pub async fn set_time(
    conn: &mut AnyConnection,
    id: i64,
    (start, end): (i64, i64),
    day: &str,
) -> Result<()> {
    statement!(
        "UPDATE appointments SET start_at = $1, end_at = $2, day = $3 WHERE id = $4";
        start, end, day, id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A check-in: the appointment arrived at `at` (ms) with its ticket, from this device and touch.
pub async fn set_arrived(
    conn: &mut AnyConnection,
    id: i64,
    ticket_id: i64,
    at: i64,
    device_id: Option<i64>,
    check_in_key: Option<String>,
) -> Result<()> {
    statement!(
        "UPDATE appointments SET state = 'arrived', ticket_id = $1, arrived_at = $2, check_in_device_id = $3, \
         check_in_key = $4 WHERE id = $5";
        ticket_id, at, device_id, check_in_key, id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Erases the contact details of a location's appointments that ended before `before` (ms),
/// marking them purged at `at`; returns how many.
pub async fn purge_contacts(
    conn: &mut AnyConnection,
    location_id: i64,
    before: i64,
    at: i64,
) -> Result<u64> {
    Ok(statement!(
        "UPDATE appointments SET contact_name = NULL, contact_phone = NULL, contact_email = NULL, purged_at = $1 \
         WHERE location_id = $2 AND end_at < $3 AND purged_at IS NULL";
        at, location_id, before
    )
    .execute(&mut *conn)
    .await?
    .rows_affected())
}

/// A location's appointment with contact details, for the per-contact limit of online booking.
pub struct ContactBooking {
    pub staff_id: Option<i64>,
    pub channel: String,
    pub state: String,
    pub start_at: i64,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A location's appointments with contact details (not purged), newest start first.
pub async fn with_contact(
    conn: &mut AnyConnection,
    location_id: i64,
) -> Result<Vec<ContactBooking>> {
    sqlx::query(
        "SELECT staff_id, channel, state, start_at, contact_email, contact_phone FROM appointments \
         WHERE location_id = $1 AND purged_at IS NULL AND (contact_email IS NOT NULL OR contact_phone IS NOT NULL) \
         ORDER BY start_at DESC",
    )
    .bind(location_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(ContactBooking {
            staff_id: r.try_get(0)?,
            channel: r.try_get(1)?,
            state: r.try_get(2)?,
            start_at: r.try_get(3)?,
            email: r.try_get(4)?,
            phone: r.try_get(5)?,
        })
    })
    .collect()
}

/// Per staff member, their appointments (not cancelled) on a local day (`YYYY-MM-DD`).
pub async fn count_per_staff(conn: &mut AnyConnection, day: &str) -> Result<HashMap<i64, i64>> {
    sqlx::query(
        "SELECT staff_id, COUNT(*) FROM appointments WHERE day = $1 AND state <> 'cancelled' \
         AND staff_id IS NOT NULL GROUP BY staff_id",
    )
    .bind(day)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect()
}

// The reminders' claims (see `usecases/reminders.rs`).

/// Which appointments may get their reminder now, with its parameters numbered from
/// `$first`: the attempt limit, the expiry of old claims, the end of the retry pause, now,
/// and the day being reminded (bound by [`bind_due`]).
fn due(first: usize) -> String {
    let p = |i: usize| format!("${}", first + i);
    format!(
        "state = 'booked' AND cancelled_at IS NULL AND purged_at IS NULL \
         AND contact_email IS NOT NULL AND contact_email <> '' AND reminder_sent_at IS NULL \
         AND reminder_attempts < {} \
         AND (reminder_claimed_at IS NULL OR reminder_claimed_at < {}) \
         AND (reminder_failed_at IS NULL OR reminder_failed_at < {}) \
         AND start_at > {} AND day = {}",
        p(0),
        p(1),
        p(2),
        p(3),
        p(4)
    )
}

/// A reminder this sender holds the claim of, with what the message needs.
#[derive(Debug, Clone)]
pub struct ClaimedReminder {
    pub id: i64,
    pub location_id: i64,
    pub service_id: i64,
    pub desk_id: Option<i64>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub code: String,
    pub lang: Lang,
    /// Personal data: only handed to the notifier, never logged.
    pub email: String,
    /// The secret of the cancel-or-move link of an online booking, where appointments have
    /// one (the column is read when it exists).
    pub manage_token: Option<String>,
    /// This attempt's number (1 for the first).
    pub attempt: i64,
    claimed_at: i64,
}

/// Binds the parameters of [`due`]: now and the day being reminded, as `YYYY-MM-DD`.
fn bind_due<'q>(q: AnyQuery<'q>, day: String, now: DateTime<Utc>) -> AnyQuery<'q> {
    q.bind(MAX_ATTEMPTS)
        .bind(ms(now - CLAIM_EXPIRES))
        .bind(ms(now - RETRY_AFTER))
        .bind(ms(now))
        .bind(day)
}

/// Appointments of a location on `day` (`YYYY-MM-DD`) whose reminder may be sent now, by start.
pub async fn due_reminders<'c, E>(
    ex: E,
    location_id: i64,
    day: String,
    now: DateTime<Utc>,
) -> Result<Vec<i64>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT id FROM appointments WHERE location_id = $1 AND {} ORDER BY start_at, id",
        due(2)
    );
    let rows = bind_due(sqlx::query(&sql).bind(location_id), day, now)
        .fetch_all(ex)
        .await?;
    rows.iter().map(|r| Ok(r.try_get::<i64, _>(0)?)).collect()
}

/// Claims one appointment's reminder, if it is still due on `day` (`YYYY-MM-DD`); `None` when
/// it is not or another sender has it.
pub async fn claim_reminder(
    pool: &AnyPool,
    id: i64,
    day: String,
    now: DateTime<Utc>,
) -> Result<Option<ClaimedReminder>> {
    let sql = format!(
        "UPDATE appointments SET reminder_claimed_at = $1, reminder_attempts = reminder_attempts + 1 \
         WHERE id = $2 AND {}",
        due(3)
    );
    let claimed = bind_due(sqlx::query(&sql).bind(ms(now)).bind(id), day, now)
        .execute(pool)
        .await?;
    if claimed.rows_affected() != 1 {
        return Ok(None);
    }
    // `*` so that a `manage_token` column is picked up where the schema has one.
    let r = sqlx::query("SELECT * FROM appointments WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await?;
    let lang: String = col(&r, "lang")?;
    Ok(Some(ClaimedReminder {
        id,
        location_id: col(&r, "location_id")?,
        service_id: col(&r, "service_id")?,
        desk_id: col(&r, "desk_id")?,
        start: from_ms(col(&r, "start_at")?),
        end: from_ms(col(&r, "end_at")?),
        code: col(&r, "code")?,
        lang: Lang::parse(&lang).unwrap_or_default(),
        email: col::<Option<String>>(&r, "contact_email")?.unwrap_or_default(),
        manage_token: r
            .try_get::<Option<String>, _>("manage_token")
            .ok()
            .flatten(),
        attempt: col(&r, "reminder_attempts")?,
        claimed_at: ms(now),
    }))
}

/// A claimed reminder sent at `now`; false when the claim had expired and another sender took
/// the reminder over meanwhile.
pub async fn reminder_sent<'c, E>(ex: E, r: &ClaimedReminder, now: DateTime<Utc>) -> Result<bool>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    changed_one(
        ex,
        statement!(
            "UPDATE appointments SET reminder_sent_at = $1, reminder_claimed_at = NULL, \
             reminder_error = NULL WHERE id = $2 AND reminder_claimed_at = $3";
            ms(now), r.id, r.claimed_at
        ),
    )
    .await
}

/// A claimed reminder failed at `now` with `error`, its attempts counted as `attempts`; false
/// as for [`reminder_sent`].
pub async fn reminder_failed<'c, E>(
    ex: E,
    r: &ClaimedReminder,
    error: &str,
    attempts: i64,
    now: DateTime<Utc>,
) -> Result<bool>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    changed_one(
        ex,
        statement!(
            "UPDATE appointments SET reminder_claimed_at = NULL, reminder_failed_at = $1, \
             reminder_error = $2, reminder_attempts = $3 \
             WHERE id = $4 AND reminder_claimed_at = $5";
            ms(now), error, attempts, r.id, r.claimed_at
        ),
    )
    .await
}

// ---- A social worker's absence (see `usecases/absences.rs`) ----

/// A staff member's booked appointments on the local days `from..=to` (`YYYY-MM-DD`) that
/// start at `since` (ms) or later, all locations, by start: those an absence touches.
pub async fn booked_of_staff_on_days(
    conn: &mut AnyConnection,
    staff_id: i64,
    (from, to): (&str, &str),
    since: i64,
) -> Result<Vec<AppointmentRow>> {
    let sql = format!(
        "SELECT {COLUMNS} {FROM} WHERE a.staff_id = $1 AND a.state = 'booked' \
         AND a.day >= $2 AND a.day <= $3 AND a.start_at >= $4 ORDER BY a.start_at, a.id"
    );
    statement!(&sql; staff_id, from, to, since)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(AppointmentRow::from_row)
        .collect()
}

/// Gives an appointment to another social worker, or (`None`) to its service's team.
pub async fn set_staff(conn: &mut AnyConnection, id: i64, staff_id: Option<i64>) -> Result<()> {
    statement!("UPDATE appointments SET staff_id = $1 WHERE id = $2"; staff_id, id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
