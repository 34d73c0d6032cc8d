//! The statistics tables: `stat_visits` (one row per visit, the rollup of the event log),
//! `stat_daily` (the visits counted per day, hour, service, channel and partner),
//! `stat_appointments`, `stat_help` and the fold's watermark `stat_state`; the reads of the fold
//! and the dashboard's queries over them (see `usecases/stats.rs` for what they are for).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde_json::{json, Value};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use crate::db::{col, param_rows, AnyQuery, Backend, Result, StoreError, Tx};
use crate::domain::events::EventKind;
use crate::domain::stats::{AppointmentCount, AppointmentFact, Counts, Filter, Visit};

/// Parameters per multi-row INSERT. Binding a parameter looks its name up in a list as long as
/// the statement's parameters (SQLite's `sqlite3_bind_parameter_name`, called by sqlx for each),
/// so a statement's binding costs the square of its size: 10,000 parameters per statement made
/// a year's first fold take minutes, almost all of it there.
const INSERT_PARAMS: usize = 1000;

/// Rows per multi-row INSERT of rows with `cols` parameters each.
fn insert_rows(cols: usize) -> usize {
    (INSERT_PARAMS / cols).max(1)
}
const VISIT_COLUMNS: &str = "ticket_id, seg, location_id, service_id, channel, entry, entered_at, day, dow, hour, \
     called_at, wait_s, desk_id, staff_id, started_at, ended_at, service_s, outcome, target_wait_s, within_target, \
     estimate_s, est_err_s, issued_closed, triage, partner";

/// A bind value for the dynamically built queries.
#[derive(Debug, Clone)]
enum Arg {
    I(i64),
    O(Option<i64>),
    S(String),
    OS(Option<String>),
}

fn bind_all<'q>(mut q: AnyQuery<'q>, args: &[Arg]) -> AnyQuery<'q> {
    for a in args {
        q = match a.clone() {
            Arg::I(v) => q.bind(v),
            Arg::O(v) => q.bind(v),
            Arg::S(v) => q.bind(v),
            Arg::OS(v) => q.bind(v),
        };
    }
    q
}

/// A day as the statistics tables store it: `YYYY-MM-DD`.
pub fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A day as the statistics tables store it, read back.
pub fn parse_day(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// The WHERE clause of a filter's place, period, service, desk and staff member over a
/// statistics table aliased `t` (`v` for visits, `a` for appointments), parameters from `$1`.
fn filter_clause(f: &Filter, t: &str) -> (String, Vec<Arg>) {
    let mut sql = format!("{t}.location_id = $1 AND {t}.day >= $2 AND {t}.day <= $3");
    let mut args = vec![
        Arg::I(f.location_id),
        Arg::S(day_text(f.from)),
        Arg::S(day_text(f.to)),
    ];
    for (column, value) in [
        ("service_id", f.service_id),
        ("desk_id", f.desk_id),
        ("staff_id", f.staff_id),
    ] {
        if let Some(v) = value {
            args.push(Arg::I(v));
            sql.push_str(&format!(" AND {t}.{column} = ${}", args.len()));
        }
    }
    (sql, args)
}

/// The WHERE clause of a filter over `stat_visits v`, its channel being the visit's.
fn where_clause(f: &Filter) -> (String, Vec<Arg>) {
    let (mut sql, mut args) = filter_clause(f, "v");
    if let Some(c) = &f.channel {
        args.push(Arg::S(c.clone()));
        sql.push_str(&format!(" AND v.channel = ${}", args.len()));
    }
    (sql, args)
}

/// Sums that PostgreSQL would return as NUMERIC are cast back to BIGINT for the `Any` driver.
fn sum(expr: &str, name: &str) -> String {
    format!("COALESCE(CAST(SUM({expr}) AS BIGINT), 0) AS {name}")
}

/// The count columns of `stat_daily`, in the order of [`counts_select`].
const COUNT_COLUMNS: &str = "visits, arrivals, called, no_shows, within_target, transfers, cancelled, finished, \
     issued_closed, t_answered, t_internal, t_external, t_none, est_count, est_abs_sum, est_sum, est_within";

/// The same counts summed from `stat_daily` rows.
fn daily_sums() -> String {
    COUNT_COLUMNS
        .split(',')
        .map(|c| sum(&format!("v.{}", c.trim()), c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `stat_daily`'s partner column for a visit.
const PARTNER_KEY: &str =
    "CASE WHEN v.triage = 'external' THEN COALESCE(v.partner, '-') ELSE '' END";

fn counts_select() -> String {
    [
        "COUNT(*) AS visits".to_string(),
        sum("CASE WHEN v.seg = 0 THEN 1 ELSE 0 END", "arrivals"),
        sum(
            "CASE WHEN v.called_at IS NOT NULL THEN 1 ELSE 0 END",
            "called",
        ),
        sum(
            "CASE WHEN v.outcome = 'no_show' THEN 1 ELSE 0 END",
            "no_shows",
        ),
        sum("v.within_target", "within_target"),
        sum(
            "CASE WHEN v.outcome = 'transferred' THEN 1 ELSE 0 END",
            "transfers",
        ),
        sum(
            "CASE WHEN v.outcome = 'cancelled' THEN 1 ELSE 0 END",
            "cancelled",
        ),
        sum(
            "CASE WHEN v.outcome = 'finished' THEN 1 ELSE 0 END",
            "finished",
        ),
        sum("v.issued_closed", "issued_closed"),
        sum(
            "CASE WHEN v.triage = 'answered' THEN 1 ELSE 0 END",
            "t_answered",
        ),
        sum(
            "CASE WHEN v.triage = 'internal' THEN 1 ELSE 0 END",
            "t_internal",
        ),
        sum(
            "CASE WHEN v.triage = 'external' THEN 1 ELSE 0 END",
            "t_external",
        ),
        sum("CASE WHEN v.triage = 'none' THEN 1 ELSE 0 END", "t_none"),
        sum(
            "CASE WHEN v.est_err_s IS NOT NULL THEN 1 ELSE 0 END",
            "est_count",
        ),
        sum("ABS(v.est_err_s)", "est_abs_sum"),
        sum("v.est_err_s", "est_sum"),
        sum(
            "CASE WHEN ABS(v.est_err_s) <= 300 THEN 1 ELSE 0 END",
            "est_within",
        ),
    ]
    .join(", ")
}

fn counts_from_row(r: &AnyRow) -> Result<Counts> {
    let u = |name: &str| -> Result<u64> { Ok(col::<i64>(r, name)?.max(0) as u64) };
    Ok(Counts {
        visits: u("visits")?,
        arrivals: u("arrivals")?,
        called: u("called")?,
        no_shows: u("no_shows")?,
        within_target: u("within_target")?,
        transfers: u("transfers")?,
        cancelled: u("cancelled")?,
        finished: u("finished")?,
        issued_closed: u("issued_closed")?,
        triage: [
            u("t_answered")?,
            u("t_internal")?,
            u("t_external")?,
            u("t_none")?,
        ],
        est_count: u("est_count")?,
        est_abs_sum: col(r, "est_abs_sum")?,
        est_sum: col(r, "est_sum")?,
        est_within: u("est_within")?,
    })
}

fn visit_from_row(r: &AnyRow) -> Result<Visit> {
    Ok(Visit {
        ticket_id: col(r, "ticket_id")?,
        seg: col(r, "seg")?,
        service_id: col(r, "service_id")?,
        channel: col(r, "channel")?,
        entered_at: col(r, "entered_at")?,
        day: parse_day(&col::<String>(r, "day")?)?,
        dow: col::<i64>(r, "dow")? as u8,
        hour: col::<i64>(r, "hour")? as u8,
        called_at: col(r, "called_at")?,
        desk_id: col(r, "desk_id")?,
        staff_id: col(r, "staff_id")?,
        started_at: col(r, "started_at")?,
        ended_at: col(r, "ended_at")?,
        outcome: col(r, "outcome")?,
        target_wait_s: col(r, "target_wait_s")?,
        estimate_s: col(r, "estimate_s")?,
        issued_closed: col::<i64>(r, "issued_closed")? != 0,
        triage: col(r, "triage")?,
        partner: col(r, "partner")?,
    })
}

fn visit_args(location_id: i64, v: &Visit) -> [Arg; 25] {
    [
        Arg::I(v.ticket_id),
        Arg::I(v.seg),
        Arg::I(location_id),
        Arg::I(v.service_id),
        Arg::S(v.channel.clone()),
        Arg::S(
            if v.is_first() {
                EventKind::Issued
            } else {
                EventKind::Transferred
            }
            .as_str()
            .into(),
        ),
        Arg::I(v.entered_at),
        Arg::S(day_text(v.day)),
        Arg::I(v.dow as i64),
        Arg::I(v.hour as i64),
        Arg::O(v.called_at),
        Arg::O(v.wait_s()),
        Arg::O(v.desk_id),
        Arg::O(v.staff_id),
        Arg::O(v.started_at),
        Arg::O(v.ended_at),
        Arg::O(v.service_s()),
        Arg::OS(v.outcome.clone()),
        Arg::I(v.target_wait_s),
        Arg::O(v.within_target().map(i64::from)),
        Arg::O(v.estimate_s),
        Arg::O(v.estimate_error_s()),
        Arg::I(v.issued_closed as i64),
        Arg::OS(v.triage.clone()),
        Arg::OS(v.partner.clone()),
    ]
}

fn u64_of(r: &AnyRow, name: &str) -> Result<u64> {
    Ok(col::<i64>(r, name)?.max(0) as u64)
}

/// The index that lets SQLite read a distribution in value order without a sort (migration
/// 0004). Only when every filter is in the index: a desk, staff or channel filter needs the
/// rows anyway, and the day index is then the better start.
fn index_hint(f: &Filter, expr: &str, group: Option<&str>) -> &'static str {
    if f.desk_id.is_some() || f.staff_id.is_some() || f.channel.is_some() {
        return "";
    }
    let per_service = f.service_id.is_some() || group == Some("v.service_id");
    match (expr, per_service, group) {
        ("v.wait_s", false, None) => " INDEXED BY stat_visits_wait_all",
        ("v.wait_s", true, None | Some("v.service_id")) => " INDEXED BY stat_visits_wait",
        ("v.service_s", false, None) => " INDEXED BY stat_visits_service_all",
        ("v.service_s", true, None | Some("v.service_id")) => " INDEXED BY stat_visits_service",
        ("v.wait_s / 60", false, Some("v.day")) => " INDEXED BY stat_visits_day_wait",
        ("v.wait_s / 60", true, Some("v.day")) => " INDEXED BY stat_visits_day",
        _ => "",
    }
}

const APPOINTMENT_COLUMNS: &str =
    "appointment_id, location_id, service_id, staff_id, desk_id, channel, start_at, \
     day, dow, hour, booked_at, state, ticket_id, arrived_at, late_s";

fn appointment_from_row(r: &AnyRow) -> Result<AppointmentFact> {
    Ok(AppointmentFact {
        appointment_id: col(r, "appointment_id")?,
        service_id: col(r, "service_id")?,
        staff_id: col(r, "staff_id")?,
        desk_id: col(r, "desk_id")?,
        channel: col(r, "channel")?,
        start_at: col(r, "start_at")?,
        day: parse_day(&col::<String>(r, "day")?)?,
        dow: col::<i64>(r, "dow")? as u8,
        hour: col::<i64>(r, "hour")? as u8,
        booked_at: col(r, "booked_at")?,
        state: col(r, "state")?,
        ticket_id: col(r, "ticket_id")?,
        arrived_at: col(r, "arrived_at")?,
    })
}

fn appointment_args(location_id: i64, a: &AppointmentFact) -> [Arg; 15] {
    [
        Arg::I(a.appointment_id),
        Arg::I(location_id),
        Arg::I(a.service_id),
        Arg::O(a.staff_id),
        Arg::O(a.desk_id),
        Arg::S(a.channel.clone()),
        Arg::I(a.start_at),
        Arg::S(day_text(a.day)),
        Arg::I(a.dow as i64),
        Arg::I(a.hour as i64),
        Arg::I(a.booked_at),
        Arg::S(a.state.clone()),
        Arg::O(a.ticket_id),
        Arg::O(a.arrived_at),
        Arg::O(a.late_s()),
    ]
}

/// A list of ids to inline in a query. Integers only, formatted here: safe to inline, and
/// faster than thousands of binds.
fn id_list(ids: impl IntoIterator<Item = i64>) -> String {
    ids.into_iter()
        .map(|id| id.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

// The fold (see `usecases/stats.rs`).

/// Starts a fold's transaction. On SQLite a write up front: it takes the write lock now rather
/// than fail to upgrade a read lock later.
pub async fn begin_fold(pool: &AnyPool, backend: Backend) -> Result<Tx> {
    Ok(match backend {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await?,
        Backend::Postgres => pool.begin().await?,
    })
}

/// A location's watermark: the `seq` of the last event folded. It locks the watermark's row
/// (PostgreSQL): a second catch-up elsewhere waits here, then reads the new watermark.
pub async fn lock_watermark(conn: &mut AnyConnection, location_id: i64) -> Result<i64> {
    sqlx::query(
        "INSERT INTO stat_state (location_id, seq) VALUES ($1, 0) ON CONFLICT (location_id) DO NOTHING",
    )
    .bind(location_id)
    .execute(&mut *conn)
    .await?;
    Ok(
        sqlx::query("UPDATE stat_state SET seq = seq WHERE location_id = $1 RETURNING seq")
            .bind(location_id)
            .fetch_one(&mut *conn)
            .await?
            .try_get(0)?,
    )
}

/// Moves a location's watermark from `mark` to `seq`; false when someone else moved it
/// meanwhile.
pub async fn move_watermark(
    conn: &mut AnyConnection,
    location_id: i64,
    mark: i64,
    seq: i64,
) -> Result<bool> {
    Ok(
        sqlx::query("UPDATE stat_state SET seq = $1 WHERE location_id = $2 AND seq = $3")
            .bind(seq)
            .bind(location_id)
            .bind(mark)
            .execute(&mut *conn)
            .await?
            .rows_affected()
            == 1,
    )
}

/// An event as the fold reads it.
pub struct FoldEvent {
    pub id: i64,
    pub seq: i64,
    pub ticket_id: Option<i64>,
    /// The kind as stored.
    pub kind: String,
    pub at: i64,
    pub service_id: Option<i64>,
    pub desk_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub data: Option<String>,
}

/// A location's events after `seq`, in order, at most `limit`.
pub async fn events_after(
    conn: &mut AnyConnection,
    location_id: i64,
    seq: i64,
    limit: i64,
) -> Result<Vec<FoldEvent>> {
    sqlx::query(
        "SELECT id, seq, ticket_id, kind, at, service_id, desk_id, staff_id, data FROM events \
         WHERE location_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
    )
    .bind(location_id)
    .bind(seq)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(FoldEvent {
            id: col(r, "id")?,
            seq: col(r, "seq")?,
            ticket_id: col(r, "ticket_id")?,
            kind: col(r, "kind")?,
            at: col(r, "at")?,
            service_id: col(r, "service_id")?,
            desk_id: col(r, "desk_id")?,
            staff_id: col(r, "staff_id")?,
            data: col(r, "data")?,
        })
    })
    .collect()
}

/// Takes the visits of these tickets out of `stat_visits` (to be folded and written back
/// whole), per ticket in segment order.
pub async fn take_visits(
    conn: &mut AnyConnection,
    tickets: &[i64],
) -> Result<HashMap<i64, Vec<Visit>>> {
    let mut visits: HashMap<i64, Vec<Visit>> = HashMap::new();
    for part in tickets.chunks(5000) {
        let list = id_list(part.iter().copied());
        let sql = format!(
            "SELECT {VISIT_COLUMNS} FROM stat_visits WHERE ticket_id IN ({list}) ORDER BY ticket_id, seg"
        );
        for r in sqlx::query(&sql).fetch_all(&mut *conn).await? {
            let v = visit_from_row(&r)?;
            visits.entry(v.ticket_id).or_default().push(v);
        }
        sqlx::query(&format!(
            "DELETE FROM stat_visits WHERE ticket_id IN ({list})"
        ))
        .execute(&mut *conn)
        .await?;
    }
    Ok(visits)
}

/// Writes visits of a location.
pub async fn insert_visits(
    conn: &mut AnyConnection,
    location_id: i64,
    visits: &[&Visit],
) -> Result<()> {
    for part in visits.chunks(insert_rows(25)) {
        let sql = format!(
            "INSERT INTO stat_visits ({VISIT_COLUMNS}) VALUES {}",
            param_rows(1, part.len(), 25)
        );
        let args: Vec<Arg> = part
            .iter()
            .flat_map(|v| visit_args(location_id, v))
            .collect();
        bind_all(sqlx::query(&sql), &args)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A help request registered, as `stat_help` counts it.
pub struct HelpFact {
    pub event_id: i64,
    pub day: NaiveDate,
    pub service_id: Option<i64>,
    pub category: String,
    pub staff_id: Option<i64>,
}

/// Writes help requests of a location (once per event).
pub async fn insert_help(
    conn: &mut AnyConnection,
    location_id: i64,
    help: &[HelpFact],
) -> Result<()> {
    for part in help.chunks(insert_rows(6)) {
        let sql = format!(
            "INSERT INTO stat_help (event_id, location_id, day, service_id, category, staff_id) VALUES {} \
             ON CONFLICT (event_id) DO NOTHING",
            param_rows(1, part.len(), 6)
        );
        let args: Vec<Arg> = part
            .iter()
            .flat_map(|h| {
                [
                    Arg::I(h.event_id),
                    Arg::I(location_id),
                    Arg::S(day_text(h.day)),
                    Arg::O(h.service_id),
                    Arg::S(h.category.clone()),
                    Arg::O(h.staff_id),
                ]
            })
            .collect();
        bind_all(sqlx::query(&sql), &args)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Takes these appointments' facts out of `stat_appointments` (to be folded and written back
/// whole).
pub async fn take_appointment_facts(
    conn: &mut AnyConnection,
    ids: &HashSet<i64>,
) -> Result<HashMap<i64, AppointmentFact>> {
    let list = id_list(ids.iter().copied());
    let mut facts = HashMap::new();
    for r in sqlx::query(&format!(
        "SELECT {APPOINTMENT_COLUMNS} FROM stat_appointments WHERE appointment_id IN ({list})"
    ))
    .fetch_all(&mut *conn)
    .await?
    {
        let a = appointment_from_row(&r)?;
        facts.insert(a.appointment_id, a);
    }
    sqlx::query(&format!(
        "DELETE FROM stat_appointments WHERE appointment_id IN ({list})"
    ))
    .execute(&mut *conn)
    .await?;
    Ok(facts)
}

/// Writes appointment facts of a location.
pub async fn insert_appointment_facts(
    conn: &mut AnyConnection,
    location_id: i64,
    facts: &[&AppointmentFact],
) -> Result<()> {
    for part in facts.chunks(insert_rows(15)) {
        let sql = format!(
            "INSERT INTO stat_appointments ({APPOINTMENT_COLUMNS}) VALUES {}",
            param_rows(1, part.len(), 15)
        );
        let args: Vec<Arg> = part
            .iter()
            .flat_map(|a| appointment_args(location_id, a))
            .collect();
        bind_all(sqlx::query(&sql), &args)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Copies the wait after arrival and a ticket's no-show from the check-in tickets' first visits
/// into `stat_appointments`: for these tickets and these appointments.
pub async fn copy_check_in_visits(
    conn: &mut AnyConnection,
    tickets: &[i64],
    appointments: &[i64],
) -> Result<()> {
    let ids = |v: &[i64]| {
        if v.is_empty() {
            "NULL".to_string()
        } else {
            id_list(v.iter().copied())
        }
    };
    let visit = "FROM stat_visits v WHERE v.ticket_id = stat_appointments.ticket_id AND v.seg = 0";
    sqlx::query(&format!(
        "UPDATE stat_appointments SET wait_s = (SELECT v.wait_s {visit}), \
         ticket_no_show = COALESCE((SELECT CASE WHEN v.outcome = 'no_show' THEN 1 ELSE 0 END {visit}), 0) \
         WHERE ticket_id IS NOT NULL AND (ticket_id IN ({}) OR appointment_id IN ({}))",
        ids(tickets),
        ids(appointments)
    ))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Counts these days of a location's visits into `stat_daily` again, whole.
pub async fn recount_days(
    conn: &mut AnyConnection,
    location_id: i64,
    days: &HashSet<String>,
) -> Result<()> {
    if days.is_empty() {
        return Ok(());
    }
    // Dates we formatted ourselves: safe to inline.
    let list = days
        .iter()
        .map(|d| format!("'{d}'"))
        .collect::<Vec<_>>()
        .join(",");
    sqlx::query(&format!(
        "DELETE FROM stat_daily WHERE location_id = $1 AND day IN ({list})"
    ))
    .bind(location_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO stat_daily (location_id, day, dow, hour, service_id, channel, partner, {COUNT_COLUMNS}) \
         SELECT v.location_id, v.day, v.dow, v.hour, v.service_id, v.channel, {PARTNER_KEY}, {} \
         FROM stat_visits v WHERE v.location_id = $1 AND v.day IN ({list}) \
         GROUP BY v.location_id, v.day, v.dow, v.hour, v.service_id, v.channel, {PARTNER_KEY}",
        counts_select()
    ))
    .bind(location_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Fresh planner statistics, and on PostgreSQL a vacuum, which marks the new rows all-visible
/// so the distribution queries read only the covering indexes instead of visiting the table
/// for every row.
pub async fn tidy(pool: &AnyPool, backend: Backend) -> Result<()> {
    let sql = match backend {
        Backend::Postgres => "VACUUM (ANALYZE) stat_visits, stat_daily, stat_appointments",
        Backend::Sqlite => "ANALYZE",
    };
    sqlx::raw_sql(sql).execute(pool).await?;
    Ok(())
}

// The dashboard's queries.

/// A grouped row's key: a number (a service) or a text (a day).
fn group_key(r: &AnyRow, group: Option<&str>) -> Result<Value> {
    Ok(match group {
        None => Value::Null,
        Some(_) => match r.try_get::<i64, _>("k") {
            Ok(i) => json!(i),
            Err(_) => json!(col::<String>(r, "k")?),
        },
    })
}

/// The counts of the filter's visits, whole or grouped by `group` (a column of `v`).
pub async fn counts(
    pool: &AnyPool,
    f: &Filter,
    group: Option<&str>,
) -> Result<Vec<(Value, Counts)>> {
    let (w, args) = where_clause(f);
    // Without a desk or staff filter the per-day counts hold the answer; with one, only
    // the visits themselves do.
    let (select, table) = if f.desk_id.is_none() && f.staff_id.is_none() {
        (daily_sums(), "stat_daily")
    } else {
        (counts_select(), "stat_visits")
    };
    let sql = match group {
        None => format!("SELECT {select} FROM {table} v WHERE {w}"),
        Some(g) => format!("SELECT {g} AS k, {select} FROM {table} v WHERE {w} GROUP BY {g}"),
    };
    bind_all(sqlx::query(&sql), &args)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok((group_key(r, group)?, counts_from_row(r)?)))
        .collect()
}

/// `(group key, value, count)` for the non-null values of `expr`, grouped by `group`.
pub async fn distribution(
    pool: &AnyPool,
    backend: Backend,
    f: &Filter,
    expr: &str,
    group: Option<&str>,
) -> Result<Vec<(Value, i64, u64)>> {
    let (w, args) = where_clause(f);
    let (g_sel, g_by) = match group {
        Some(g) => (format!("{g} AS k, "), format!("{g}, ")),
        None => (String::new(), String::new()),
    };
    let hint = match backend {
        Backend::Sqlite => index_hint(f, expr, group),
        Backend::Postgres => "",
    };
    let sql = format!(
        "SELECT {g_sel}{expr} AS x, COUNT(*) AS n FROM stat_visits v{hint} WHERE {w} AND {expr} IS NOT NULL GROUP BY {g_by}{expr}"
    );
    bind_all(sqlx::query(&sql), &args)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok((group_key(r, group)?, col::<i64>(r, "x")?, u64_of(r, "n")?)))
        .collect()
}

/// External referrals per partner key (`-`: none named), most first.
pub async fn partner_counts(pool: &AnyPool, f: &Filter) -> Result<Vec<(String, u64)>> {
    let (w, args) = where_clause(f);
    let sql = if f.desk_id.is_none() && f.staff_id.is_none() {
        format!(
            "SELECT v.partner AS p, {} FROM stat_daily v WHERE {w} AND v.partner <> '' \
             GROUP BY v.partner ORDER BY n DESC, v.partner",
            sum("v.t_external", "n")
        )
    } else {
        format!(
            "SELECT {PARTNER_KEY} AS p, COUNT(*) AS n FROM stat_visits v WHERE {w} AND v.triage = 'external' \
             GROUP BY {PARTNER_KEY} ORDER BY n DESC, p"
        )
    };
    bind_all(sqlx::query(&sql), &args)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok((col(r, "p")?, u64_of(r, "n")?)))
        .collect()
}

/// Arrivals per weekday (1 = Monday) and hour.
pub async fn heatmap(pool: &AnyPool, f: &Filter) -> Result<HashMap<(i64, i64), u64>> {
    let (w, args) = where_clause(f);
    let sql = if f.desk_id.is_none() && f.staff_id.is_none() {
        format!(
            "SELECT v.dow AS dow, v.hour AS hour, {} FROM stat_daily v WHERE {w} GROUP BY v.dow, v.hour",
            sum("v.arrivals", "n")
        )
    } else {
        format!(
            "SELECT v.dow AS dow, v.hour AS hour, COUNT(*) AS n FROM stat_visits v WHERE {w} AND v.seg = 0 GROUP BY v.dow, v.hour"
        )
    };
    bind_all(sqlx::query(&sql), &args)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok(((col(r, "dow")?, col(r, "hour")?), u64_of(r, "n")?)))
        .collect()
}

/// Help requests per day and category key (the filter's desk and channel do not apply).
pub async fn help_per_day(pool: &AnyPool, f: &Filter) -> Result<Vec<(NaiveDate, String, u64)>> {
    let mut sql = String::from(
        "SELECT h.day AS day, h.category AS category, COUNT(*) AS n FROM stat_help h \
         WHERE h.location_id = $1 AND h.day >= $2 AND h.day <= $3",
    );
    let mut args = vec![
        Arg::I(f.location_id),
        Arg::S(day_text(f.from)),
        Arg::S(day_text(f.to)),
    ];
    if let Some(s) = f.service_id {
        args.push(Arg::I(s));
        sql.push_str(&format!(" AND h.service_id = ${}", args.len()));
    }
    if let Some(s) = f.staff_id {
        args.push(Arg::I(s));
        sql.push_str(&format!(" AND h.staff_id = ${}", args.len()));
    }
    sql.push_str(" GROUP BY h.day, h.category");
    bind_all(sqlx::query(&sql), &args)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                parse_day(&col::<String>(r, "day")?)?,
                col(r, "category")?,
                u64_of(r, "n")?,
            ))
        })
        .collect()
}

/// What the appointment figures are made of, whole (day `None`) or per day: the appointments
/// counted by channel, state, ticket no-show and lateness, and the distinct lateness and wait
/// values with their counts.
#[derive(Default)]
pub struct AppointmentCounts {
    pub counts: Vec<(Option<NaiveDate>, AppointmentCount)>,
    /// Minutes late of those who came late, with how many.
    pub late: Vec<(Option<NaiveDate>, i64, u64)>,
    /// Waits after arrival, with how many.
    pub waits: Vec<(Option<NaiveDate>, i64, u64)>,
}

/// The filter's appointments counted (see [`AppointmentCounts`]). The filter's channel is the
/// booking channel here (`desk`, `online`); `appointment` means all of them, and `kiosk` none
/// (nobody books at a kiosk). Everything is counted in SQL: a year holds tens of thousands of
/// appointments, and the figures need only their counts and the distinct lateness and wait
/// values.
pub async fn appointment_counts(
    pool: &AnyPool,
    f: &Filter,
    per_day: bool,
) -> Result<AppointmentCounts> {
    let (mut w, mut args) = filter_clause(f, "a");
    match f.channel.as_deref() {
        None | Some("appointment") => {}
        Some("kiosk") => w.push_str(" AND 1 = 0"),
        Some(c) => {
            args.push(Arg::S(c.to_string()));
            w.push_str(&format!(" AND a.channel = ${}", args.len()));
        }
    }
    let (day_sel, day_by) = if per_day {
        ("a.day AS day, ", "a.day, ")
    } else {
        ("", "")
    };
    let late = "CAST(CASE WHEN a.late_s > 0 THEN 1 ELSE 0 END AS BIGINT)";
    let counts_sql = format!(
        "SELECT {day_sel}a.channel AS channel, a.state AS state, a.ticket_no_show AS ns, {late} AS late, \
         COUNT(*) AS n FROM stat_appointments a WHERE {w} \
         GROUP BY {day_by}a.channel, a.state, a.ticket_no_show, {late}"
    );
    let values_sql = |column: &str, only: &str| {
        format!(
            "SELECT {day_sel}{column} AS x, COUNT(*) AS n FROM stat_appointments a \
             WHERE {w} AND {only} GROUP BY {day_by}{column}"
        )
    };
    let late_sql = values_sql(
        "a.late_s",
        "a.state = 'arrived' AND a.ticket_no_show = 0 AND a.late_s > 0",
    );
    let wait_sql = values_sql("a.wait_s", "a.wait_s IS NOT NULL");
    // Side by side, each on its own connection.
    let (counts, late_by, waits) = tokio::try_join!(
        bind_all(sqlx::query(&counts_sql), &args).fetch_all(pool),
        bind_all(sqlx::query(&late_sql), &args).fetch_all(pool),
        bind_all(sqlx::query(&wait_sql), &args).fetch_all(pool),
    )?;
    let day_of = |r: &AnyRow| -> Result<Option<NaiveDate>> {
        match per_day {
            true => Ok(Some(parse_day(&col::<String>(r, "day")?)?)),
            false => Ok(None),
        }
    };
    let values = |rows: &[AnyRow]| -> Result<Vec<(Option<NaiveDate>, i64, u64)>> {
        rows.iter()
            .map(|r| Ok((day_of(r)?, col::<i64>(r, "x")?, u64_of(r, "n")?)))
            .collect()
    };
    Ok(AppointmentCounts {
        counts: counts
            .iter()
            .map(|r| {
                Ok((
                    day_of(r)?,
                    AppointmentCount {
                        channel: col(r, "channel")?,
                        state: col(r, "state")?,
                        ticket_no_show: col::<i64>(r, "ns")? != 0,
                        late: col::<i64>(r, "late")? != 0,
                        n: u64_of(r, "n")?,
                    },
                ))
            })
            .collect::<Result<_>>()?,
        late: values(&late_by)?,
        waits: values(&waits)?,
    })
}
