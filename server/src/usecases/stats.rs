//! Statistics from the event log: the visit rollup and the dashboard's queries.
//!
//! `stat_visits` (migration 0004) is a projection of `events`: [`Store::refresh_stats`] folds
//! every event after the location's watermark (`stat_state.seq`) into it with the pure fold in
//! [`crate::domain::stats::apply`], in chunks, each chunk and its new watermark in one
//! transaction. Every statistics request catches up first, so figures always include the last
//! committed event, and the rollup needs no hook in the write paths: it cannot drift from the
//! log, and it can be rebuilt by deleting it (`DELETE FROM stat_visits; DELETE FROM stat_state;
//! DELETE FROM stat_help`).
//!
//! Why a rollup at all: a year of a large sociaal huis is 300,000 tickets and well over a
//! million events; "first call after arrival" per ticket over that many events is seconds of
//! work per query. One row per visit with the wait and service time already in it, indexed by
//! (location, day, service), keeps each dashboard query to one indexed range scan. Medians and
//! p90s are exact: SQL groups the visits by their whole-second wait, and the domain core reads
//! the percentile from those counts. Counts (visitors, calls, no-shows, SLA, triage, partners,
//! the heatmap) come from `stat_daily`: the visits summed per day, hour, service, channel and
//! partner, recounted for every day a catch-up touches, in the same transaction.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use onthaal_i18n::staff;
use serde_json::{json, Value};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::db::{col, from_ms, ms, param_rows, Backend, Result, StoreError};
use crate::domain::events::EventKind;
use crate::domain::hours::Schedule;
use crate::domain::stats::{
    apply, apply_appointment, column, histogram, iso_week, local_slot, ratio, round, week_start,
    weekday_occurrences, AppointmentCount, AppointmentEvent, AppointmentFact,
    AppointmentFiguresFromCounts, Counts, Filter, SummaryFromCounts, Visit, VisitEvent,
};
use crate::engine::Store;
use onthaal_wire::stats::{
    AppointmentFigures, Column, Live, LiveDesk, LiveService, LocationChoice, PartnerCount, Report,
    Summary, Table, TriageCounts,
};

/// Events folded per transaction: big enough to catch up a year in a minute, small enough
/// that a desk's write never waits long behind it.
const CHUNK: i64 = 20_000;
/// Events folded in one catch-up after which the rollups are tidied (see `tidy_rollups`).
const BIG_CATCH_UP: u64 = 100_000;
/// Parameters per multi-row INSERT. Binding a parameter looks its name up in a list as long as
/// the statement's parameters (SQLite's `sqlite3_bind_parameter_name`, called by sqlx for each),
/// so a statement's binding costs the square of its size: 10,000 parameters per statement made
/// a year's first fold take minutes, almost all of it there.
const INSERT_PARAMS: usize = 1000;

/// Rows per multi-row INSERT of rows with `cols` parameters each.
fn insert_rows(cols: usize) -> usize {
    (INSERT_PARAMS / cols).max(1)
}
/// Histogram bars: 5-minute bars up to an hour, then "60 minutes or more".
pub const BAR_S: i64 = 300;
pub const BARS: usize = 13;

/// One catch-up at a time in this process; across processes (PostgreSQL, several servers) the
/// row lock on `stat_state` and the watermark check do the same.
static CATCH_UP: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

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

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    args: &[Arg],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
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

fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_day(s: &str) -> Result<NaiveDate> {
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

/// Per service: its key, Dutch name and target (all services, active or not, so old visits
/// of a service that was removed still have a name).
struct ServiceMeta {
    key: String,
    name: String,
    target_wait_s: i64,
    schedule: Option<Schedule>,
    position: i64,
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

/// Folds a chunk's appointment events into `stat_appointments`: read the appointments they
/// name, apply the events in order, write them back whole (inside the chunk's transaction).
async fn fold_appointments(
    tx: &mut crate::db::Tx,
    location_id: i64,
    tz: Tz,
    mut events: Vec<AppointmentEvent>,
) -> Result<Vec<i64>> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    // Integers only, formatted by us: safe to inline.
    let list = events
        .iter()
        .map(|e| e.appointment_id)
        .collect::<HashSet<_>>()
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    // Events written before they carried the slot: take it from the appointment itself.
    if events
        .iter()
        .any(|e| e.kind.is_appointment() && e.start_at.is_none())
    {
        let rows = sqlx::query(&format!(
            "SELECT id, start_at, channel, staff_id FROM appointments WHERE id IN ({list})"
        ))
        .fetch_all(&mut **tx)
        .await?;
        let known: HashMap<i64, (i64, String, Option<i64>)> = rows
            .iter()
            .map(|r| {
                Ok((
                    col(r, "id")?,
                    (col(r, "start_at")?, col(r, "channel")?, col(r, "staff_id")?),
                ))
            })
            .collect::<Result<_>>()?;
        for e in events.iter_mut().filter(|e| e.start_at.is_none()) {
            if let Some((start_at, channel, staff)) = known.get(&e.appointment_id) {
                e.start_at = Some(*start_at);
                e.channel = e.channel.clone().or_else(|| Some(channel.clone()));
                e.staff_id = e.staff_id.or(*staff);
            }
        }
    }
    let mut facts: HashMap<i64, Option<AppointmentFact>> = HashMap::new();
    for r in sqlx::query(&format!(
        "SELECT {APPOINTMENT_COLUMNS} FROM stat_appointments WHERE appointment_id IN ({list})"
    ))
    .fetch_all(&mut **tx)
    .await?
    {
        let a = appointment_from_row(&r)?;
        facts.insert(a.appointment_id, Some(a));
    }
    sqlx::query(&format!(
        "DELETE FROM stat_appointments WHERE appointment_id IN ({list})"
    ))
    .execute(&mut **tx)
    .await?;
    for e in &events {
        apply_appointment(facts.entry(e.appointment_id).or_default(), e, tz);
    }
    let all: Vec<&AppointmentFact> = facts.values().flatten().collect();
    for part in all.chunks(insert_rows(15)) {
        let sql = format!(
            "INSERT INTO stat_appointments ({APPOINTMENT_COLUMNS}) VALUES {}",
            param_rows(1, part.len(), 15)
        );
        let args: Vec<Arg> = part
            .iter()
            .flat_map(|a| appointment_args(location_id, a))
            .collect();
        bind_all(sqlx::query(&sql), &args)
            .execute(&mut **tx)
            .await?;
    }
    Ok(all.iter().map(|a| a.appointment_id).collect())
}

impl Store {
    async fn stats_tz(&self, location_id: i64) -> Result<(Tz, String)> {
        let st = self.location_state(location_id).await?;
        Ok((st.tz, st.key))
    }

    async fn service_meta(&self, location_id: i64) -> Result<HashMap<i64, ServiceMeta>> {
        let rows = sqlx::query(
            "SELECT id, key, names, target_wait_s, schedule, position FROM services WHERE location_id = $1",
        )
        .bind(location_id)
        .fetch_all(&self.pool)
        .await?;
        let mut out = HashMap::new();
        for r in rows {
            let names: String = col(&r, "names")?;
            let names: BTreeMap<String, String> = serde_json::from_str(&names).unwrap_or_default();
            let key: String = col(&r, "key")?;
            let schedule: String = col(&r, "schedule")?;
            out.insert(
                col::<i64>(&r, "id")?,
                ServiceMeta {
                    name: names.get("nl").cloned().unwrap_or_else(|| key.clone()),
                    key,
                    target_wait_s: col(&r, "target_wait_s")?,
                    schedule: serde_json::from_str(&schedule).ok(),
                    position: col(&r, "position")?,
                },
            );
        }
        Ok(out)
    }

    /// Folds every event not yet in the rollup into it; returns how many events were folded.
    /// Called before every statistics query; cheap when nothing happened since.
    pub async fn refresh_stats(&self, location_id: i64) -> Result<u64> {
        let (tz, _) = self.stats_tz(location_id).await?;
        let meta = self.service_meta(location_id).await?;
        let _guard = CATCH_UP.lock().await;
        let mut total = 0u64;
        loop {
            let (n, more) = self.fold_chunk(location_id, tz, &meta).await?;
            total += n;
            if !more {
                break;
            }
        }
        if total >= BIG_CATCH_UP {
            self.tidy_rollups().await?;
        }
        Ok(total)
    }

    /// After a large catch-up (the first start on a long event log, a rebuild): fresh planner
    /// statistics, and on PostgreSQL a vacuum, which marks the new rows all-visible so the
    /// distribution queries read only the covering indexes instead of visiting the table for
    /// every row. Later events are few per request; autovacuum keeps up.
    async fn tidy_rollups(&self) -> Result<()> {
        let sql = match self.backend {
            Backend::Postgres => "VACUUM (ANALYZE) stat_visits, stat_daily, stat_appointments",
            Backend::Sqlite => "ANALYZE",
        };
        sqlx::raw_sql(sql).execute(&self.pool).await?;
        Ok(())
    }

    /// One chunk: returns the events folded and whether more may follow.
    async fn fold_chunk(
        &self,
        location_id: i64,
        tz: Tz,
        meta: &HashMap<i64, ServiceMeta>,
    ) -> Result<(u64, bool)> {
        let mut tx = match self.backend {
            // A write up front: take SQLite's write lock now rather than fail to upgrade later.
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        sqlx::query("INSERT INTO stat_state (location_id, seq) VALUES ($1, 0) ON CONFLICT (location_id) DO NOTHING")
            .bind(location_id)
            .execute(&mut *tx)
            .await?;
        // Locks the watermark row (PostgreSQL): a second catch-up elsewhere waits here, then
        // reads the new watermark.
        let mark: i64 =
            sqlx::query("UPDATE stat_state SET seq = seq WHERE location_id = $1 RETURNING seq")
                .bind(location_id)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
        let rows = sqlx::query(
            "SELECT id, seq, ticket_id, kind, at, service_id, desk_id, staff_id, data FROM events \
             WHERE location_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
        )
        .bind(location_id)
        .bind(mark)
        .bind(CHUNK)
        .fetch_all(&mut *tx)
        .await?;
        if rows.is_empty() {
            tx.commit().await?;
            return Ok((0, false));
        }
        let mut events = Vec::with_capacity(rows.len());
        let mut help = Vec::new();
        let mut appointment_events = Vec::new();
        let mut last_seq = mark;
        for r in &rows {
            last_seq = col(r, "seq")?;
            let stored: String = col(r, "kind")?;
            // Kinds this server does not know say nothing about visits or appointments.
            let Some(kind) = EventKind::parse(&stored) else {
                continue;
            };
            let data: Option<String> = col(r, "data")?;
            let data: Value = data
                .and_then(|d| serde_json::from_str(&d).ok())
                .unwrap_or(Value::Null);
            let at: i64 = col(r, "at")?;
            let service_id: Option<i64> = col(r, "service_id")?;
            if kind == EventKind::HelpRequestRegistered {
                let (day, _, _) = local_slot(at, tz);
                help.push([
                    Arg::I(col(r, "id")?),
                    Arg::I(location_id),
                    Arg::S(day_text(day)),
                    Arg::O(service_id),
                    Arg::S(data["category"].as_str().unwrap_or("").to_string()),
                    Arg::O(col(r, "staff_id")?),
                ]);
                continue;
            }
            let ticket_id: Option<i64> = col(r, "ticket_id")?;
            if kind.is_appointment()
                || (kind == EventKind::Issued && data["appointment_id"].is_i64())
            {
                if let Some(appointment_id) = data["appointment_id"].as_i64() {
                    appointment_events.push(AppointmentEvent {
                        appointment_id,
                        kind,
                        at,
                        service_id,
                        desk_id: col(r, "desk_id")?,
                        staff_id: data["staff"].as_i64(),
                        channel: data["channel"].as_str().map(str::to_string),
                        start_at: data["start_at"].as_i64(),
                        ticket_id,
                    });
                }
            }
            let Some(ticket_id) = ticket_id else {
                continue;
            };
            let svc = service_id.and_then(|id| meta.get(&id));
            let channel = data["channel"].as_str().map(str::to_string);
            let closed = kind == EventKind::Issued
                && channel.as_deref() != Some("appointment")
                && svc
                    .and_then(|s| s.schedule.as_ref())
                    .is_some_and(|s| !s.is_open(from_ms(at), tz));
            events.push(VisitEvent {
                ticket_id,
                kind,
                at,
                service_id,
                desk_id: col(r, "desk_id")?,
                staff_id: col(r, "staff_id")?,
                channel,
                estimate_s: data["estimate_s"].as_i64(),
                outcome: data["outcome"].as_str().map(str::to_string),
                partner: data["partner"].as_str().map(str::to_string),
                target_wait_s: svc.map(|s| s.target_wait_s).unwrap_or(1200),
                service_closed: closed,
            });
        }
        // The visits of every ticket this chunk touches: read, fold, write back whole.
        let tickets: Vec<i64> = events
            .iter()
            .map(|e| e.ticket_id)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let mut visits: HashMap<i64, Vec<Visit>> = HashMap::new();
        for part in tickets.chunks(5000) {
            // Integers only, formatted by us: safe to inline, and faster than 5,000 binds.
            let list = part
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            let sql = format!(
                "SELECT {VISIT_COLUMNS} FROM stat_visits WHERE ticket_id IN ({list}) ORDER BY ticket_id, seg"
            );
            for r in sqlx::query(&sql).fetch_all(&mut *tx).await? {
                let v = visit_from_row(&r)?;
                visits.entry(v.ticket_id).or_default().push(v);
            }
            sqlx::query(&format!(
                "DELETE FROM stat_visits WHERE ticket_id IN ({list})"
            ))
            .execute(&mut *tx)
            .await?;
        }
        let before_days: Vec<String> = visits.values().flatten().map(|v| day_text(v.day)).collect();
        for e in &events {
            apply(visits.entry(e.ticket_id).or_default(), e, tz);
        }
        let all: Vec<&Visit> = visits.values().flatten().collect();
        for part in all.chunks(insert_rows(25)) {
            let sql = format!(
                "INSERT INTO stat_visits ({VISIT_COLUMNS}) VALUES {}",
                param_rows(1, part.len(), 25)
            );
            let args: Vec<Arg> = part
                .iter()
                .flat_map(|v| visit_args(location_id, v))
                .collect();
            bind_all(sqlx::query(&sql), &args).execute(&mut *tx).await?;
        }
        for part in help.chunks(insert_rows(6)) {
            let sql = format!(
                "INSERT INTO stat_help (event_id, location_id, day, service_id, category, staff_id) VALUES {} \
                 ON CONFLICT (event_id) DO NOTHING",
                param_rows(1, part.len(), 6)
            );
            let args: Vec<Arg> = part.iter().flatten().cloned().collect();
            bind_all(sqlx::query(&sql), &args).execute(&mut *tx).await?;
        }
        let rewritten = fold_appointments(&mut tx, location_id, tz, appointment_events).await?;
        // The wait after arrival and a ticket's no-show, copied from the check-in tickets'
        // first visits: for the tickets this chunk touched and the appointments it rewrote.
        if !tickets.is_empty() || !rewritten.is_empty() {
            let ids = |v: &[i64]| {
                if v.is_empty() {
                    "NULL".to_string()
                } else {
                    v.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
                }
            };
            let visit =
                "FROM stat_visits v WHERE v.ticket_id = stat_appointments.ticket_id AND v.seg = 0";
            sqlx::query(&format!(
                "UPDATE stat_appointments SET wait_s = (SELECT v.wait_s {visit}), \
                 ticket_no_show = COALESCE((SELECT CASE WHEN v.outcome = 'no_show' THEN 1 ELSE 0 END {visit}), 0) \
                 WHERE ticket_id IS NOT NULL AND (ticket_id IN ({}) OR appointment_id IN ({}))",
                ids(&tickets),
                ids(&rewritten)
            ))
            .execute(&mut *tx)
            .await?;
        }
        // The days whose visits changed (before and after the fold): recount them whole.
        let days: HashSet<String> = before_days
            .into_iter()
            .chain(visits.values().flatten().map(|v| day_text(v.day)))
            .collect();
        if !days.is_empty() {
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
            .execute(&mut *tx)
            .await?;
            sqlx::query(&format!(
                "INSERT INTO stat_daily (location_id, day, dow, hour, service_id, channel, partner, {COUNT_COLUMNS}) \
                 SELECT v.location_id, v.day, v.dow, v.hour, v.service_id, v.channel, {PARTNER_KEY}, {} \
                 FROM stat_visits v WHERE v.location_id = $1 AND v.day IN ({list}) \
                 GROUP BY v.location_id, v.day, v.dow, v.hour, v.service_id, v.channel, {PARTNER_KEY}",
                counts_select()
            ))
            .bind(location_id)
            .execute(&mut *tx)
            .await?;
        }
        let updated =
            sqlx::query("UPDATE stat_state SET seq = $1 WHERE location_id = $2 AND seq = $3")
                .bind(last_seq)
                .bind(location_id)
                .bind(mark)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if updated != 1 {
            // Someone else folded these events meanwhile; theirs stands.
            tx.rollback().await?;
            return Ok((0, true));
        }
        tx.commit().await?;
        Ok((rows.len() as u64, rows.len() as i64 == CHUNK))
    }

    async fn counts(&self, f: &Filter, group: Option<&str>) -> Result<Vec<(Value, Counts)>> {
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
        let rows = bind_all(sqlx::query(&sql), &args)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let key = match group {
                    None => Value::Null,
                    Some(_) => match r.try_get::<i64, _>("k") {
                        Ok(i) => json!(i),
                        Err(_) => json!(col::<String>(r, "k")?),
                    },
                };
                Ok((key, counts_from_row(r)?))
            })
            .collect()
    }

    /// `(group key, value, count)` for the non-null values of `expr`, grouped by `group`.
    async fn distribution(
        &self,
        f: &Filter,
        expr: &str,
        group: Option<&str>,
    ) -> Result<Vec<(Value, i64, u64)>> {
        let (w, args) = where_clause(f);
        let (g_sel, g_by) = match group {
            Some(g) => (format!("{g} AS k, "), format!("{g}, ")),
            None => (String::new(), String::new()),
        };
        let hint = match self.backend {
            Backend::Sqlite => index_hint(f, expr, group),
            Backend::Postgres => "",
        };
        let sql = format!(
            "SELECT {g_sel}{expr} AS x, COUNT(*) AS n FROM stat_visits v{hint} WHERE {w} AND {expr} IS NOT NULL GROUP BY {g_by}{expr}"
        );
        let rows = bind_all(sqlx::query(&sql), &args)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let key = match group {
                    None => Value::Null,
                    Some(_) => match r.try_get::<i64, _>("k") {
                        Ok(i) => json!(i),
                        Err(_) => json!(col::<String>(r, "k")?),
                    },
                };
                Ok((key, col::<i64>(r, "x")?, u64_of(r, "n")?))
            })
            .collect()
    }

    async fn partner_counts(&self, f: &Filter) -> Result<Vec<PartnerCount>> {
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
        let rows = bind_all(sqlx::query(&sql), &args)
            .fetch_all(&self.pool)
            .await?;
        let names: HashMap<String, String> = sqlx::query("SELECT key, name FROM partners")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((col(r, "key")?, col(r, "name")?)))
            .collect::<Result<_>>()?;
        rows.iter()
            .map(|r| {
                let key: String = col(r, "p")?;
                let key = if key == "-" { String::new() } else { key };
                Ok(PartnerCount {
                    name: names
                        .get(&key)
                        .cloned()
                        .unwrap_or_else(|| "(geen partner opgegeven)".into()),
                    partner: key,
                    count: u64_of(r, "n")?,
                })
            })
            .collect()
    }

    /// The appointment figures of the filter's period, whole (key `None`) or per day. The
    /// filter's channel is the booking channel here (`desk`, `online`); `appointment` means all
    /// of them, and `kiosk` none (nobody books at a kiosk). Everything is counted in SQL: a
    /// year holds tens of thousands of appointments, and the figures need only their counts
    /// and the distinct lateness and wait values.
    async fn appointment_figures(
        &self,
        f: &Filter,
        per_day: bool,
    ) -> Result<BTreeMap<Option<NaiveDate>, AppointmentFigures>> {
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
        let (counts, late_by, waits, late_limit) = tokio::try_join!(
            bind_all(sqlx::query(&counts_sql), &args).fetch_all(&self.pool),
            bind_all(sqlx::query(&late_sql), &args).fetch_all(&self.pool),
            bind_all(sqlx::query(&wait_sql), &args).fetch_all(&self.pool),
            async { Ok::<_, sqlx::Error>(self.late_limit_min(f.location_id).await) },
        )?;
        let late_limit = late_limit?;
        let day_of = |r: &AnyRow| -> Result<Option<NaiveDate>> {
            match per_day {
                true => Ok(Some(parse_day(&col::<String>(r, "day")?)?)),
                false => Ok(None),
            }
        };
        type Parts = (Vec<AppointmentCount>, Vec<(i64, u64)>, Vec<(i64, u64)>);
        let mut parts: BTreeMap<Option<NaiveDate>, Parts> = BTreeMap::new();
        // Every key of the answer is there, days without appointments too.
        if per_day {
            parts.extend(
                f.from
                    .iter_days()
                    .take_while(|d| *d <= f.to)
                    .map(|d| (Some(d), Parts::default())),
            );
        } else {
            parts.insert(None, Parts::default());
        }
        for r in &counts {
            parts
                .entry(day_of(r)?)
                .or_default()
                .0
                .push(AppointmentCount {
                    channel: col(r, "channel")?,
                    state: col(r, "state")?,
                    ticket_no_show: col::<i64>(r, "ns")? != 0,
                    late: col::<i64>(r, "late")? != 0,
                    n: u64_of(r, "n")?,
                });
        }
        for (rows, late) in [(&late_by, true), (&waits, false)] {
            for r in rows {
                let p = parts.entry(day_of(r)?).or_default();
                let v = (col::<i64>(r, "x")?, u64_of(r, "n")?);
                if late {
                    p.1.push(v)
                } else {
                    p.2.push(v)
                }
            }
        }
        Ok(parts
            .into_iter()
            .map(|(day, (c, l, w))| (day, AppointmentFigures::from_counts(&c, &l, &w, late_limit)))
            .collect())
    }

    /// The location's `check_in_late_min`: how late "late" can be.
    async fn late_limit_min(&self, location_id: i64) -> Result<i64> {
        let mut conn = self.pool.acquire().await?;
        Ok(
            crate::db::locations::appointment_settings(&mut conn, location_id)
                .await?
                .check_in_late_min,
        )
    }

    /// `GET /api/v1/stats`: the period's summary.
    pub async fn stats_report(&self, f: &Filter) -> Result<Report> {
        self.refresh_stats(f.location_id).await?;
        // The queries are independent: run side by side, each on its own connection, so a year
        // costs the slowest of them rather than their sum.
        let ((_, location), counts, waits, service, partners, mut appointments) = tokio::try_join!(
            self.stats_tz(f.location_id),
            self.counts(f, None),
            self.distribution(f, "v.wait_s", None),
            self.distribution(f, "v.service_s", None),
            self.partner_counts(f),
            self.appointment_figures(f, false),
        )?;
        let c = counts
            .into_iter()
            .next_back()
            .map(|(_, c)| c)
            .unwrap_or_default();
        let values = |d: Vec<(Value, i64, u64)>| -> Vec<(i64, u64)> {
            d.into_iter().map(|(_, v, n)| (v, n)).collect()
        };
        let (waits, service) = (values(waits), values(service));
        Ok(Report {
            location,
            from: f.from,
            to: f.to,
            visitors: c.arrivals,
            wait_s: Summary::from_counts(&waits),
            service_s: Summary::from_counts(&service),
            no_show_rate: c.no_show_rate(),
            sla_compliance: c.sla_compliance(),
            triage: TriageCounts {
                answered: c.triage[0],
                internal: c.triage[1],
                external: c.triage[2],
                none: c.triage[3],
            },
            visits: c.visits,
            referred_in: c.visits - c.arrivals,
            called: c.called,
            no_shows: c.no_shows,
            cancelled: c.cancelled,
            transfers: c.transfers,
            issued_while_closed: c.issued_closed,
            internal_referral_share: c.internal_share(),
            external_by_partner: partners,
            estimate: c.accuracy(),
            appointments: appointments.remove(&None).unwrap_or_default(),
        })
    }

    /// One of the dashboard's tables (see [`TABLES`]); `None` for an unknown name.
    pub async fn stats_table(&self, name: &str, f: &Filter) -> Result<Option<Table>> {
        if !TABLES.iter().any(|(n, _)| *n == name) {
            return Ok(None);
        }
        self.refresh_stats(f.location_id).await?;
        let meta = self.service_meta(f.location_id).await?;
        let table = |table: &'static str, columns: Vec<Column>, rows: Vec<Vec<Value>>| Table {
            table,
            title: TABLES
                .iter()
                .find(|(n, _)| *n == table)
                .map(|(_, t)| staff(t))
                .unwrap_or(""),
            from: f.from,
            to: f.to,
            columns,
            rows,
        };
        let t = match name {
            "summary" => {
                let r = self.stats_report(f).await?;
                let row =
                    |label: &str, value: Value, unit: &str| vec![json!(label), value, json!(unit)];
                let mut rows = vec![
                    row(
                        staff("staff-stats-bezoekers-tickets-genomen"),
                        json!(r.visitors),
                        "aantal",
                    ),
                    row(
                        staff("staff-stats-doorverwezen-naar-deze-dienst-en"),
                        json!(r.referred_in),
                        "aantal",
                    ),
                    row(staff("staff-stats-opgeroepen"), json!(r.called), "aantal"),
                    row(
                        staff("staff-stats-wachttijd-gemiddeld"),
                        json!(r.wait_s.mean),
                        "s",
                    ),
                    row(
                        staff("staff-stats-wachttijd-mediaan"),
                        json!(r.wait_s.median),
                        "s",
                    ),
                    row(staff("staff-stats-wachttijd-p90"), json!(r.wait_s.p90), "s"),
                    row(
                        staff("staff-stats-wachttijd-maximum"),
                        json!(r.wait_s.max),
                        "s",
                    ),
                    row(
                        staff("staff-stats-gesprekstijd-gemiddeld"),
                        json!(r.service_s.mean),
                        "s",
                    ),
                    row(
                        staff("staff-stats-gesprekstijd-mediaan"),
                        json!(r.service_s.median),
                        "s",
                    ),
                    row(
                        staff("staff-stats-gesprekstijd-p90"),
                        json!(r.service_s.p90),
                        "s",
                    ),
                    row(
                        staff("staff-stats-gesprekstijd-maximum"),
                        json!(r.service_s.max),
                        "s",
                    ),
                    row(
                        staff("staff-stats-binnen-de-streeftijd-opgeroepen"),
                        json!(r.sla_compliance),
                        "aandeel",
                    ),
                    row(
                        staff("staff-stats-niet-opgedaagd"),
                        json!(r.no_shows),
                        "aantal",
                    ),
                    row(
                        staff("staff-stats-niet-opgedaagd-van-opgeroepen"),
                        json!(r.no_show_rate),
                        "aandeel",
                    ),
                    row(
                        staff("staff-stats-doorverwijzingen-naar-een-andere-wachtrij"),
                        json!(r.transfers),
                        "aantal",
                    ),
                    row(
                        staff("staff-stats-geannuleerd"),
                        json!(r.cancelled),
                        "aantal",
                    ),
                    row(
                        staff("staff-stats-tickets-genomen-terwijl-de-dienst-gesloten-was"),
                        json!(r.issued_while_closed),
                        "aantal",
                    ),
                    row(
                        staff("staff-stats-schatting-gemiddelde-absolute-fout"),
                        json!(r.estimate.mean_abs_error_s),
                        "s",
                    ),
                    row(
                        staff("staff-stats-schatting-binnen-5-minuten-juist"),
                        json!(r.estimate.within_5_min),
                        "aandeel",
                    ),
                    row(
                        staff("staff-stats-schatting-afwijking-te-ruim-geschat"),
                        json!(r.estimate.bias_s),
                        "s",
                    ),
                ];
                rows.push(row(
                    staff("staff-stats-id-team-interne-doorverwijzingen-van-alle-doorverwijzingen"),
                    json!(r.internal_referral_share),
                    "aandeel",
                ));
                table(
                    "summary",
                    vec![
                        column("figure", staff("staff-stats-cijfer"), "text"),
                        column("value", staff("staff-stats-waarde"), "value"),
                        column("unit", staff("staff-stats-eenheid"), "text"),
                    ],
                    rows,
                )
            }
            "services" => {
                let (counts, wait_dist, service_dist) = tokio::try_join!(
                    self.counts(f, Some("v.service_id")),
                    self.distribution(f, "v.wait_s", Some("v.service_id")),
                    self.distribution(f, "v.service_s", Some("v.service_id")),
                )?;
                let mut waits: HashMap<i64, Vec<(i64, u64)>> = HashMap::new();
                for (k, v, n) in wait_dist {
                    waits
                        .entry(k.as_i64().unwrap_or_default())
                        .or_default()
                        .push((v, n));
                }
                let mut serv: HashMap<i64, Vec<(i64, u64)>> = HashMap::new();
                for (k, v, n) in service_dist {
                    serv.entry(k.as_i64().unwrap_or_default())
                        .or_default()
                        .push((v, n));
                }
                let mut list: Vec<(i64, Counts)> = counts
                    .into_iter()
                    .map(|(k, c)| (k.as_i64().unwrap_or_default(), c))
                    .collect();
                list.sort_by_key(|(id, _)| {
                    (meta.get(id).map(|m| m.position).unwrap_or(i64::MAX), *id)
                });
                let rows = list
                    .iter()
                    .map(|(id, c)| {
                        let m = meta.get(id);
                        let w =
                            Summary::from_counts(waits.get(id).map(Vec::as_slice).unwrap_or(&[]));
                        let s =
                            Summary::from_counts(serv.get(id).map(Vec::as_slice).unwrap_or(&[]));
                        let a = c.accuracy();
                        vec![
                            json!(m.map(|m| m.key.clone())),
                            json!(m.map(|m| m.name.clone())),
                            json!(c.arrivals),
                            json!(c.visits - c.arrivals),
                            json!(c.called),
                            json!(w.median),
                            json!(w.p90),
                            json!(w.mean),
                            json!(w.max),
                            json!(s.median),
                            json!(s.p90),
                            json!(s.mean),
                            json!(m.map(|m| m.target_wait_s)),
                            json!(c.sla_compliance()),
                            json!(c.no_show_rate()),
                            json!(c.transfers),
                            json!(a.mean_abs_error_s),
                            json!(a.within_5_min),
                            json!(a.bias_s),
                        ]
                    })
                    .collect();
                table(
                    "services",
                    vec![
                        column("service", staff("staff-stats-dienst-sleutel"), "text"),
                        column("name", staff("staff-stats-dienst"), "text"),
                        column("visitors", staff("staff-stats-bezoekers"), "count"),
                        column(
                            "referred_in",
                            staff("staff-stats-doorverwezen-naar"),
                            "count",
                        ),
                        column("called", staff("staff-stats-opgeroepen"), "count"),
                        column("wait_median_s", staff("staff-stats-wachttijd-mediaan"), "s"),
                        column("wait_p90_s", staff("staff-stats-wachttijd-p90"), "s"),
                        column("wait_mean_s", staff("staff-stats-wachttijd-gemiddeld"), "s"),
                        column("wait_max_s", staff("staff-stats-wachttijd-maximum"), "s"),
                        column(
                            "service_median_s",
                            staff("staff-stats-gesprekstijd-mediaan"),
                            "s",
                        ),
                        column("service_p90_s", staff("staff-stats-gesprekstijd-p90"), "s"),
                        column(
                            "service_mean_s",
                            staff("staff-stats-gesprekstijd-gemiddeld"),
                            "s",
                        ),
                        column("target_wait_s", staff("staff-stats-streeftijd"), "s"),
                        column(
                            "sla_compliance",
                            staff("staff-stats-binnen-streeftijd"),
                            "share",
                        ),
                        column(
                            "no_show_rate",
                            staff("staff-stats-aandeel-niet-opgedaagd"),
                            "share",
                        ),
                        column("transfers", staff("staff-stats-doorverwezen"), "count"),
                        column(
                            "estimate_mae_s",
                            staff("staff-stats-schatting-gem-fout"),
                            "s",
                        ),
                        column(
                            "estimate_within_5min",
                            staff("staff-stats-schatting-binnen-5-min"),
                            "share",
                        ),
                        column(
                            "estimate_bias_s",
                            staff("staff-stats-schatting-afwijking"),
                            "s",
                        ),
                    ],
                    rows,
                )
            }
            "daily" => {
                // Per day in whole minutes: a day's median does not need seconds, and a year
                // of (day, second) pairs would be as many rows as visits.
                let (counts, wait_dist) = tokio::try_join!(
                    self.counts(f, Some("v.day")),
                    self.distribution(f, "v.wait_s / 60", Some("v.day")),
                )?;
                let counts: HashMap<String, Counts> = counts
                    .into_iter()
                    .map(|(k, c)| (k.as_str().unwrap_or_default().to_string(), c))
                    .collect();
                let mut waits: HashMap<String, Vec<(i64, u64)>> = HashMap::new();
                for (k, v, n) in wait_dist {
                    waits
                        .entry(k.as_str().unwrap_or_default().to_string())
                        .or_default()
                        .push((v, n));
                }
                let mut rows = Vec::new();
                let mut d = f.from;
                while d <= f.to {
                    let key = day_text(d);
                    let c = counts.get(&key).copied().unwrap_or_default();
                    let w = Summary::from_counts(waits.get(&key).map(Vec::as_slice).unwrap_or(&[]));
                    rows.push(vec![
                        json!(key),
                        json!(onthaal_i18n::weekday_name(
                            chrono::Datelike::weekday(&d),
                            "nl"
                        )),
                        json!(c.arrivals),
                        json!(c.called),
                        json!(w.median),
                        json!(w.p90),
                        json!(c.sla_compliance()),
                        json!(c.no_shows),
                        json!(c.no_show_rate()),
                    ]);
                    d += chrono::Duration::days(1);
                }
                table(
                    "daily",
                    vec![
                        column("day", staff("staff-stats-dag"), "date"),
                        column("weekday", staff("staff-stats-weekdag"), "text"),
                        column("visitors", staff("staff-stats-bezoekers"), "count"),
                        column("called", staff("staff-stats-opgeroepen"), "count"),
                        column(
                            "wait_median_min",
                            staff("staff-stats-wachttijd-mediaan"),
                            "min",
                        ),
                        column("wait_p90_min", staff("staff-stats-wachttijd-p90"), "min"),
                        column(
                            "sla_compliance",
                            staff("staff-stats-binnen-streeftijd"),
                            "share",
                        ),
                        column("no_shows", staff("staff-stats-niet-opgedaagd"), "count"),
                        column(
                            "no_show_rate",
                            staff("staff-stats-aandeel-niet-opgedaagd"),
                            "share",
                        ),
                    ],
                    rows,
                )
            }
            "heatmap" => {
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
                let cells: HashMap<(i64, i64), u64> = bind_all(sqlx::query(&sql), &args)
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|r| Ok(((col(r, "dow")?, col(r, "hour")?), u64_of(r, "n")?)))
                    .collect::<Result<_>>()?;
                // Office hours at least, widened to every hour that had visitors.
                let lo = cells.keys().map(|(_, h)| *h).min().unwrap_or(8).min(8);
                let hi = cells.keys().map(|(_, h)| *h).max().unwrap_or(17).max(17);
                let occ = weekday_occurrences(f.from, f.to);
                let mut rows = Vec::new();
                for dow in 1..=7i64 {
                    for hour in lo..=hi {
                        let n = cells.get(&(dow, hour)).copied().unwrap_or(0);
                        let days = occ[(dow - 1) as usize];
                        rows.push(vec![
                            json!(dow),
                            json!(chrono::Weekday::try_from((dow - 1) as u8)
                                .map_or(String::new(), |d| onthaal_i18n::weekday_name(d, "nl"))),
                            json!(hour),
                            json!(n),
                            json!((days > 0).then(|| round(n as f64 / days as f64, 1))),
                        ]);
                    }
                }
                table(
                    "heatmap",
                    vec![
                        column("dow", staff("staff-stats-weekdag-1-maandag"), "count"),
                        column("weekday", staff("staff-stats-weekdag"), "text"),
                        column("hour", staff("staff-stats-uur"), "hour"),
                        column("visitors", staff("staff-stats-bezoekers"), "count"),
                        column(
                            "per_day",
                            staff("staff-stats-gemiddeld-per-zon-dag"),
                            "count",
                        ),
                    ],
                    rows,
                )
            }
            "wait_histogram" | "service_histogram" => {
                let expr = if name == "wait_histogram" {
                    "v.wait_s"
                } else {
                    "v.service_s"
                };
                let values: Vec<(i64, u64)> = self
                    .distribution(f, expr, None)
                    .await?
                    .into_iter()
                    .map(|(_, v, n)| (v, n))
                    .collect();
                let rows = histogram(&values, BAR_S, BARS)
                    .iter()
                    .map(|b| {
                        vec![
                            json!(b.from_s / 60),
                            json!(b.to_s.map(|t| t / 60)),
                            json!(b.count),
                            json!(b.share),
                        ]
                    })
                    .collect();
                table(
                    if name == "wait_histogram" {
                        "wait_histogram"
                    } else {
                        "service_histogram"
                    },
                    vec![
                        column("from_min", staff("staff-stats-vanaf-min"), "min"),
                        column("to_min", staff("staff-stats-tot-min"), "min"),
                        column("visits", staff("staff-stats-bezoeken"), "count"),
                        column("share", staff("staff-stats-aandeel"), "share"),
                    ],
                    rows,
                )
            }
            "triage" => {
                let c = self
                    .counts(f, None)
                    .await?
                    .pop()
                    .map(|(_, c)| c)
                    .unwrap_or_default();
                let total: u64 = c.triage.iter().sum();
                let labels = [
                    ("answered", "Ter plaatse beantwoord"),
                    ("internal", "Intern doorverwezen"),
                    ("external", "Extern doorverwezen"),
                    ("none", "Geen doorverwijzing"),
                ];
                let rows = labels
                    .iter()
                    .zip(c.triage)
                    .map(|((k, l), n)| vec![json!(k), json!(l), json!(n), json!(ratio(n, total))])
                    .collect();
                table(
                    "triage",
                    vec![
                        column("outcome", staff("staff-stats-uitkomst-sleutel"), "text"),
                        column("label", staff("staff-stats-uitkomst"), "text"),
                        column("count", staff("staff-stats-aantal"), "count"),
                        column("share", staff("staff-stats-aandeel"), "share"),
                    ],
                    rows,
                )
            }
            "partners" => {
                let list = self.partner_counts(f).await?;
                let total: u64 = list.iter().map(|p| p.count).sum();
                let rows = list
                    .iter()
                    .map(|p| {
                        vec![
                            json!(p.partner),
                            json!(p.name),
                            json!(p.count),
                            json!(ratio(p.count, total)),
                        ]
                    })
                    .collect();
                table(
                    "partners",
                    vec![
                        column("partner", staff("staff-stats-partner-sleutel"), "text"),
                        column("name", staff("staff-stats-partnerorganisatie"), "text"),
                        column("count", staff("staff-stats-extern-doorverwezen"), "count"),
                        column("share", staff("staff-stats-aandeel"), "share"),
                    ],
                    rows,
                )
            }
            "help_requests" => {
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
                let names: HashMap<String, String> =
                    sqlx::query("SELECT key, name FROM help_categories")
                        .fetch_all(&self.pool)
                        .await?
                        .iter()
                        .map(|r| Ok((col(r, "key")?, col(r, "name")?)))
                        .collect::<Result<_>>()?;
                let mut weeks: BTreeMap<(NaiveDate, String), u64> = BTreeMap::new();
                for r in bind_all(sqlx::query(&sql), &args)
                    .fetch_all(&self.pool)
                    .await?
                {
                    let day = parse_day(&col::<String>(&r, "day")?)?;
                    *weeks
                        .entry((week_start(day), col(&r, "category")?))
                        .or_default() += u64_of(&r, "n")?;
                }
                let rows = weeks
                    .iter()
                    .map(|((monday, cat), n)| {
                        vec![
                            json!(iso_week(*monday)),
                            json!(day_text(*monday)),
                            json!(cat),
                            json!(names.get(cat).cloned().unwrap_or_else(|| cat.clone())),
                            json!(n),
                        ]
                    })
                    .collect();
                table(
                    "help_requests",
                    vec![
                        column("week", staff("staff-stats-week"), "text"),
                        column(
                            "week_start",
                            staff("staff-stats-maandag-van-de-week"),
                            "date",
                        ),
                        column("category", staff("staff-stats-categorie-sleutel"), "text"),
                        column("name", staff("staff-stats-categorie"), "text"),
                        column("count", staff("staff-stats-hulpaanvragen"), "count"),
                    ],
                    rows,
                )
            }
            "appointments" => {
                let days = self.appointment_figures(f, true).await?;
                let mut rows = Vec::new();
                let mut d = f.from;
                while d <= f.to {
                    let a = days.get(&Some(d)).cloned().unwrap_or_default();
                    let w = a.wait_after_arrival_s;
                    rows.push(vec![
                        json!(day_text(d)),
                        json!(onthaal_i18n::weekday_name(
                            chrono::Datelike::weekday(&d),
                            "nl"
                        )),
                        json!(a.booked),
                        json!(a.online),
                        json!(a.desk),
                        json!(a.on_time),
                        json!(a.late),
                        json!(a.no_show),
                        json!(a.cancelled),
                        json!(a.open),
                        json!(w.median),
                        json!(w.p90),
                        json!(w.max),
                    ]);
                    d += chrono::Duration::days(1);
                }
                table(
                    "appointments",
                    vec![
                        column("day", staff("staff-stats-dag"), "date"),
                        column("weekday", staff("staff-stats-weekdag"), "text"),
                        column("booked", staff("staff-stats-afspraken"), "count"),
                        column("online", staff("staff-stats-online-geboekt"), "count"),
                        column("desk", staff("staff-stats-aan-de-balie-geboekt"), "count"),
                        column("on_time", staff("staff-stats-op-tijd"), "count"),
                        column("late", staff("staff-stats-te-laat"), "count"),
                        column("no_show", staff("staff-stats-niet-opgedaagd"), "count"),
                        column("cancelled", staff("staff-stats-geannuleerd"), "count"),
                        column("open", staff("staff-stats-nog-open"), "count"),
                        column(
                            "wait_median_s",
                            staff("staff-stats-wachttijd-na-aankomst-mediaan"),
                            "s",
                        ),
                        column(
                            "wait_p90_s",
                            staff("staff-stats-wachttijd-na-aankomst-p90"),
                            "s",
                        ),
                        column(
                            "wait_max_s",
                            staff("staff-stats-wachttijd-na-aankomst-maximum"),
                            "s",
                        ),
                    ],
                    rows,
                )
            }
            _ => return Ok(None),
        };
        Ok(Some(t))
    }

    /// The live state per service and per desk, for the top of the dashboard.
    pub async fn stats_live(&self, location_id: i64, now: DateTime<Utc>) -> Result<Live> {
        self.refresh_stats(location_id).await?;
        let st = self.location_state(location_id).await?;
        let today = crate::domain::numbering::local_day(now, st.tz);
        let f = Filter {
            location_id,
            from: today,
            to: today,
            service_id: None,
            desk_id: None,
            staff_id: None,
            channel: None,
        };
        let counts: HashMap<i64, Counts> = self
            .counts(&f, Some("v.service_id"))
            .await?
            .into_iter()
            .map(|(k, c)| (k.as_i64().unwrap_or_default(), c))
            .collect();
        let mut waits: HashMap<i64, Vec<(i64, u64)>> = HashMap::new();
        for (k, v, n) in self
            .distribution(&f, "v.wait_s", Some("v.service_id"))
            .await?
        {
            waits
                .entry(k.as_i64().unwrap_or_default())
                .or_default()
                .push((v, n));
        }
        let waiting: HashMap<i64, (u64, i64)> = sqlx::query(
            "SELECT service_id, COUNT(*) AS n, MIN(queued_at) AS oldest FROM tickets \
             WHERE location_id = $1 AND state = 'waiting' GROUP BY service_id",
        )
        .bind(location_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((col(r, "service_id")?, (u64_of(r, "n")?, col(r, "oldest")?))))
        .collect::<Result<_>>()?;
        let counts_now: HashMap<i64, u32> =
            waiting.iter().map(|(k, (n, _))| (*k, *n as u32)).collect();
        let infos = st.service_infos(&counts_now, now);
        let services = st
            .services
            .iter()
            .zip(infos)
            .map(|(s, info)| {
                let c = counts.get(&s.id).copied().unwrap_or_default();
                let (n, oldest) = waiting.get(&s.id).copied().unwrap_or((0, 0));
                LiveService {
                    key: s.key.clone(),
                    name: s.name().to_string(),
                    open: info.open,
                    waiting: n,
                    longest_wait_s: (n > 0).then(|| ((ms(now) - oldest) / 1000).max(0)),
                    desks_open: st.open_desks(s.id, now),
                    called_today: c.called,
                    served_today: c.finished,
                    no_shows_today: c.no_shows,
                    median_wait_today_s: Summary::from_counts(
                        waits.get(&s.id).map(Vec::as_slice).unwrap_or(&[]),
                    )
                    .median,
                    target_wait_s: s.target_wait_s,
                    estimated_wait_s: info.estimated_wait_s,
                }
            })
            .collect();
        let busy: HashMap<i64, AnyRow> = sqlx::query(
            "SELECT desk_id, number, state, service_id, called_at, started_at FROM tickets \
             WHERE location_id = $1 AND state IN ('called', 'serving') AND desk_id IS NOT NULL ORDER BY called_at",
        )
        .bind(location_id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|r| Ok((col(&r, "desk_id")?, r)))
        .collect::<Result<_>>()?;
        let active_since = ms(now) - crate::engine::state::DESK_ACTIVE_WINDOW_MIN * 60_000;
        let mut desks = Vec::new();
        for d in &st.desks {
            let (state, ticket, service, since) = match busy.get(&d.id) {
                Some(r) => {
                    let state: String = col(r, "state")?;
                    let since: Option<i64> = if state == "serving" {
                        col(r, "started_at")?
                    } else {
                        col(r, "called_at")?
                    };
                    let sid: i64 = col(r, "service_id")?;
                    (
                        state,
                        Some(col::<String>(r, "number")?),
                        st.service(sid).map(|s| s.key.clone()),
                        since.map(from_ms),
                    )
                }
                None => ("idle".to_string(), None, None, None),
            };
            desks.push(LiveDesk {
                id: d.id,
                name: d.name.clone(),
                services: d
                    .services
                    .iter()
                    .filter_map(|id| st.service(*id).map(|s| s.key.clone()))
                    .collect(),
                open: st
                    .desk_last_call
                    .get(&d.id)
                    .is_some_and(|t| *t >= active_since),
                state,
                ticket,
                service,
                since,
            });
        }
        Ok(Live {
            at: now,
            day: today,
            seq: st.seq,
            location: st.key.clone(),
            location_name: st.name.clone(),
            services,
            desks,
            locations: self.location_choices().await?,
        })
    }

    /// Every location's key and name, in configuration order.
    async fn location_choices(&self) -> Result<Vec<LocationChoice>> {
        let ids: Vec<i64> = self
            .location_order
            .read()
            .expect("location order lock")
            .iter()
            .map(|(id, _)| *id)
            .collect();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let st = self.location_state(id).await?;
            out.push(LocationChoice {
                key: st.key.clone(),
                name: st.name.clone(),
            });
        }
        Ok(out)
    }
}

/// The dashboard's tables: name and the catalogue id of its Dutch title.
pub const TABLES: &[(&str, &str)] = &[
    ("summary", "staff-table-summary"),
    ("services", "staff-table-services"),
    ("daily", "staff-table-daily"),
    ("heatmap", "staff-table-heatmap"),
    ("wait_histogram", "staff-table-wait-histogram"),
    ("service_histogram", "staff-table-service-histogram"),
    ("triage", "staff-table-triage"),
    ("partners", "staff-table-partners"),
    ("help_requests", "staff-table-help-requests"),
    ("appointments", "staff-table-appointments"),
];
