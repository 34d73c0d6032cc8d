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

use crate::db::stats::{self, day_text, HelpFact};
use crate::db::{appointments, from_ms, help_categories, ms, partners, services, tickets, Result};
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
/// Histogram bars: 5-minute bars up to an hour, then "60 minutes or more".
pub const BAR_S: i64 = 300;
pub const BARS: usize = 13;

/// One catch-up at a time in this process; across processes (PostgreSQL, several servers) the
/// row lock on `stat_state` and the watermark check do the same.
static CATCH_UP: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Per service: its key, Dutch name and target (all services, active or not, so old visits
/// of a service that was removed still have a name).
struct ServiceMeta {
    key: String,
    name: String,
    target_wait_s: i64,
    schedule: Option<Schedule>,
    position: i64,
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
    let ids: HashSet<i64> = events.iter().map(|e| e.appointment_id).collect();
    // Events written before they carried the slot: take it from the appointment itself.
    if events
        .iter()
        .any(|e| e.kind.is_appointment() && e.start_at.is_none())
    {
        let list: Vec<i64> = ids.iter().copied().collect();
        let known = appointments::slots_of(tx, &list).await?;
        for e in events.iter_mut().filter(|e| e.start_at.is_none()) {
            if let Some((start_at, channel, staff)) = known.get(&e.appointment_id) {
                e.start_at = Some(*start_at);
                e.channel = e.channel.clone().or_else(|| Some(channel.clone()));
                e.staff_id = e.staff_id.or(*staff);
            }
        }
    }
    let mut facts: HashMap<i64, Option<AppointmentFact>> = stats::take_appointment_facts(tx, &ids)
        .await?
        .into_iter()
        .map(|(id, a)| (id, Some(a)))
        .collect();
    for e in &events {
        apply_appointment(facts.entry(e.appointment_id).or_default(), e, tz);
    }
    let all: Vec<&AppointmentFact> = facts.values().flatten().collect();
    stats::insert_appointment_facts(tx, location_id, &all).await?;
    Ok(all.iter().map(|a| a.appointment_id).collect())
}

impl Store {
    async fn stats_tz(&self, location_id: i64) -> Result<(Tz, String)> {
        let st = self.location_state(location_id).await?;
        Ok((st.tz, st.key))
    }

    async fn service_meta(&self, location_id: i64) -> Result<HashMap<i64, ServiceMeta>> {
        let mut out = HashMap::new();
        for r in services::all_of_location(&self.pool, location_id).await? {
            let names: BTreeMap<String, String> =
                serde_json::from_str(&r.names).unwrap_or_default();
            out.insert(
                r.id,
                ServiceMeta {
                    name: names.get("nl").cloned().unwrap_or_else(|| r.key.clone()),
                    key: r.key,
                    target_wait_s: r.target_wait_s,
                    schedule: serde_json::from_str(&r.schedule).ok(),
                    position: r.position,
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
        stats::tidy(&self.pool, self.backend).await
    }

    /// One chunk: returns the events folded and whether more may follow.
    async fn fold_chunk(
        &self,
        location_id: i64,
        tz: Tz,
        meta: &HashMap<i64, ServiceMeta>,
    ) -> Result<(u64, bool)> {
        let mut tx = stats::begin_fold(&self.pool, self.backend).await?;
        let mark = stats::lock_watermark(&mut tx, location_id).await?;
        let rows = stats::events_after(&mut tx, location_id, mark, CHUNK).await?;
        if rows.is_empty() {
            tx.commit().await?;
            return Ok((0, false));
        }
        let mut events = Vec::with_capacity(rows.len());
        let mut help = Vec::new();
        let mut appointment_events = Vec::new();
        let mut last_seq = mark;
        for r in &rows {
            last_seq = r.seq;
            // Kinds this server does not know say nothing about visits or appointments.
            let Some(kind) = EventKind::parse(&r.kind) else {
                continue;
            };
            let data: Value = r
                .data
                .as_deref()
                .and_then(|d| serde_json::from_str(d).ok())
                .unwrap_or(Value::Null);
            let (at, service_id) = (r.at, r.service_id);
            if kind == EventKind::HelpRequestRegistered {
                let (day, _, _) = local_slot(at, tz);
                help.push(HelpFact {
                    event_id: r.id,
                    day,
                    service_id,
                    category: data["category"].as_str().unwrap_or("").to_string(),
                    staff_id: r.staff_id,
                });
                continue;
            }
            let ticket_id = r.ticket_id;
            if kind.is_appointment()
                || (kind == EventKind::Issued && data["appointment_id"].is_i64())
            {
                if let Some(appointment_id) = data["appointment_id"].as_i64() {
                    appointment_events.push(AppointmentEvent {
                        appointment_id,
                        kind,
                        at,
                        service_id,
                        desk_id: r.desk_id,
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
                desk_id: r.desk_id,
                staff_id: r.staff_id,
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
        let mut visits = stats::take_visits(&mut tx, &tickets).await?;
        let before_days: Vec<String> = visits.values().flatten().map(|v| day_text(v.day)).collect();
        for e in &events {
            apply(visits.entry(e.ticket_id).or_default(), e, tz);
        }
        let all: Vec<&Visit> = visits.values().flatten().collect();
        stats::insert_visits(&mut tx, location_id, &all).await?;
        stats::insert_help(&mut tx, location_id, &help).await?;
        let rewritten = fold_appointments(&mut tx, location_id, tz, appointment_events).await?;
        // The wait after arrival and a ticket's no-show, copied from the check-in tickets'
        // first visits: for the tickets this chunk touched and the appointments it rewrote.
        if !tickets.is_empty() || !rewritten.is_empty() {
            stats::copy_check_in_visits(&mut tx, &tickets, &rewritten).await?;
        }
        // The days whose visits changed (before and after the fold): recount them whole.
        let days: HashSet<String> = before_days
            .into_iter()
            .chain(visits.values().flatten().map(|v| day_text(v.day)))
            .collect();
        stats::recount_days(&mut tx, location_id, &days).await?;
        let moved = stats::move_watermark(&mut tx, location_id, mark, last_seq).await?;
        if !moved {
            // Someone else folded these events meanwhile; theirs stands.
            tx.rollback().await?;
            return Ok((0, true));
        }
        tx.commit().await?;
        Ok((rows.len() as u64, rows.len() as i64 == CHUNK))
    }

    async fn counts(&self, f: &Filter, group: Option<&str>) -> Result<Vec<(Value, Counts)>> {
        stats::counts(&self.pool, f, group).await
    }

    /// `(group key, value, count)` for the non-null values of `expr`, grouped by `group`.
    async fn distribution(
        &self,
        f: &Filter,
        expr: &str,
        group: Option<&str>,
    ) -> Result<Vec<(Value, i64, u64)>> {
        stats::distribution(&self.pool, self.backend, f, expr, group).await
    }

    async fn partner_counts(&self, f: &Filter) -> Result<Vec<PartnerCount>> {
        let (counts, names) = tokio::try_join!(
            stats::partner_counts(&self.pool, f),
            partners::names(&self.pool),
        )?;
        Ok(counts
            .into_iter()
            .map(|(key, count)| {
                let key = if key == "-" { String::new() } else { key };
                PartnerCount {
                    name: names
                        .get(&key)
                        .cloned()
                        .unwrap_or_else(|| "(geen partner opgegeven)".into()),
                    partner: key,
                    count,
                }
            })
            .collect())
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
        let (counted, late_limit) = tokio::try_join!(
            stats::appointment_counts(&self.pool, f, per_day),
            self.late_limit_min(f.location_id),
        )?;
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
        for (day, c) in counted.counts {
            parts.entry(day).or_default().0.push(c);
        }
        for (day, x, n) in counted.late {
            parts.entry(day).or_default().1.push((x, n));
        }
        for (day, x, n) in counted.waits {
            parts.entry(day).or_default().2.push((x, n));
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
                // (catalogue id of the label, value, unit)
                let figures = [
                    (
                        "staff-stats-bezoekers-tickets-genomen",
                        json!(r.visitors),
                        "aantal",
                    ),
                    (
                        "staff-stats-doorverwezen-naar-deze-dienst-en",
                        json!(r.referred_in),
                        "aantal",
                    ),
                    ("staff-stats-opgeroepen", json!(r.called), "aantal"),
                    ("staff-stats-wachttijd-gemiddeld", json!(r.wait_s.mean), "s"),
                    ("staff-stats-wachttijd-mediaan", json!(r.wait_s.median), "s"),
                    ("staff-stats-wachttijd-p90", json!(r.wait_s.p90), "s"),
                    ("staff-stats-wachttijd-maximum", json!(r.wait_s.max), "s"),
                    (
                        "staff-stats-gesprekstijd-gemiddeld",
                        json!(r.service_s.mean),
                        "s",
                    ),
                    (
                        "staff-stats-gesprekstijd-mediaan",
                        json!(r.service_s.median),
                        "s",
                    ),
                    ("staff-stats-gesprekstijd-p90", json!(r.service_s.p90), "s"),
                    (
                        "staff-stats-gesprekstijd-maximum",
                        json!(r.service_s.max),
                        "s",
                    ),
                    (
                        "staff-stats-binnen-de-streeftijd-opgeroepen",
                        json!(r.sla_compliance),
                        "aandeel",
                    ),
                    ("staff-stats-niet-opgedaagd", json!(r.no_shows), "aantal"),
                    (
                        "staff-stats-niet-opgedaagd-van-opgeroepen",
                        json!(r.no_show_rate),
                        "aandeel",
                    ),
                    (
                        "staff-stats-doorverwijzingen-naar-een-andere-wachtrij",
                        json!(r.transfers),
                        "aantal",
                    ),
                    ("staff-stats-geannuleerd", json!(r.cancelled), "aantal"),
                    (
                        "staff-stats-tickets-genomen-terwijl-de-dienst-gesloten-was",
                        json!(r.issued_while_closed),
                        "aantal",
                    ),
                    (
                        "staff-stats-schatting-gemiddelde-absolute-fout",
                        json!(r.estimate.mean_abs_error_s),
                        "s",
                    ),
                    (
                        "staff-stats-schatting-binnen-5-minuten-juist",
                        json!(r.estimate.within_5_min),
                        "aandeel",
                    ),
                    (
                        "staff-stats-schatting-afwijking-te-ruim-geschat",
                        json!(r.estimate.bias_s),
                        "s",
                    ),
                    (
                        "staff-stats-id-team-interne-doorverwijzingen-van-alle-doorverwijzingen",
                        json!(r.internal_referral_share),
                        "aandeel",
                    ),
                ];
                let rows = figures
                    .into_iter()
                    .map(|(label, value, unit)| vec![json!(staff(label)), value, json!(unit)])
                    .collect();
                table(
                    "summary",
                    columns(&[
                        ("figure", "staff-stats-cijfer", "text"),
                        ("value", "staff-stats-waarde", "value"),
                        ("unit", "staff-stats-eenheid", "text"),
                    ]),
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
                    columns(&[
                        ("service", "staff-stats-dienst-sleutel", "text"),
                        ("name", "staff-stats-dienst", "text"),
                        ("visitors", "staff-stats-bezoekers", "count"),
                        ("referred_in", "staff-stats-doorverwezen-naar", "count"),
                        ("called", "staff-stats-opgeroepen", "count"),
                        ("wait_median_s", "staff-stats-wachttijd-mediaan", "s"),
                        ("wait_p90_s", "staff-stats-wachttijd-p90", "s"),
                        ("wait_mean_s", "staff-stats-wachttijd-gemiddeld", "s"),
                        ("wait_max_s", "staff-stats-wachttijd-maximum", "s"),
                        ("service_median_s", "staff-stats-gesprekstijd-mediaan", "s"),
                        ("service_p90_s", "staff-stats-gesprekstijd-p90", "s"),
                        ("service_mean_s", "staff-stats-gesprekstijd-gemiddeld", "s"),
                        ("target_wait_s", "staff-stats-streeftijd", "s"),
                        ("sla_compliance", "staff-stats-binnen-streeftijd", "share"),
                        (
                            "no_show_rate",
                            "staff-stats-aandeel-niet-opgedaagd",
                            "share",
                        ),
                        ("transfers", "staff-stats-doorverwezen", "count"),
                        ("estimate_mae_s", "staff-stats-schatting-gem-fout", "s"),
                        (
                            "estimate_within_5min",
                            "staff-stats-schatting-binnen-5-min",
                            "share",
                        ),
                        ("estimate_bias_s", "staff-stats-schatting-afwijking", "s"),
                    ]),
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
                    columns(&[
                        ("day", "staff-stats-dag", "date"),
                        ("weekday", "staff-stats-weekdag", "text"),
                        ("visitors", "staff-stats-bezoekers", "count"),
                        ("called", "staff-stats-opgeroepen", "count"),
                        ("wait_median_min", "staff-stats-wachttijd-mediaan", "min"),
                        ("wait_p90_min", "staff-stats-wachttijd-p90", "min"),
                        ("sla_compliance", "staff-stats-binnen-streeftijd", "share"),
                        ("no_shows", "staff-stats-niet-opgedaagd", "count"),
                        (
                            "no_show_rate",
                            "staff-stats-aandeel-niet-opgedaagd",
                            "share",
                        ),
                    ]),
                    rows,
                )
            }
            "heatmap" => {
                let cells = stats::heatmap(&self.pool, f).await?;
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
                    columns(&[
                        ("dow", "staff-stats-weekdag-1-maandag", "count"),
                        ("weekday", "staff-stats-weekdag", "text"),
                        ("hour", "staff-stats-uur", "hour"),
                        ("visitors", "staff-stats-bezoekers", "count"),
                        ("per_day", "staff-stats-gemiddeld-per-zon-dag", "count"),
                    ]),
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
                    columns(&[
                        ("from_min", "staff-stats-vanaf-min", "min"),
                        ("to_min", "staff-stats-tot-min", "min"),
                        ("visits", "staff-stats-bezoeken", "count"),
                        ("share", "staff-stats-aandeel", "share"),
                    ]),
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
                    columns(&[
                        ("outcome", "staff-stats-uitkomst-sleutel", "text"),
                        ("label", "staff-stats-uitkomst", "text"),
                        ("count", "staff-stats-aantal", "count"),
                        ("share", "staff-stats-aandeel", "share"),
                    ]),
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
                    columns(&[
                        ("partner", "staff-stats-partner-sleutel", "text"),
                        ("name", "staff-stats-partnerorganisatie", "text"),
                        ("count", "staff-stats-extern-doorverwezen", "count"),
                        ("share", "staff-stats-aandeel", "share"),
                    ]),
                    rows,
                )
            }
            "help_requests" => {
                let (help, names) = tokio::try_join!(
                    stats::help_per_day(&self.pool, f),
                    help_categories::names(&self.pool),
                )?;
                let mut weeks: BTreeMap<(NaiveDate, String), u64> = BTreeMap::new();
                for (day, category, n) in help {
                    *weeks.entry((week_start(day), category)).or_default() += n;
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
                    columns(&[
                        ("week", "staff-stats-week", "text"),
                        ("week_start", "staff-stats-maandag-van-de-week", "date"),
                        ("category", "staff-stats-categorie-sleutel", "text"),
                        ("name", "staff-stats-categorie", "text"),
                        ("count", "staff-stats-hulpaanvragen", "count"),
                    ]),
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
                    columns(&[
                        ("day", "staff-stats-dag", "date"),
                        ("weekday", "staff-stats-weekdag", "text"),
                        ("booked", "staff-stats-afspraken", "count"),
                        ("online", "staff-stats-online-geboekt", "count"),
                        ("desk", "staff-stats-aan-de-balie-geboekt", "count"),
                        ("on_time", "staff-stats-op-tijd", "count"),
                        ("late", "staff-stats-te-laat", "count"),
                        ("no_show", "staff-stats-niet-opgedaagd", "count"),
                        ("cancelled", "staff-stats-geannuleerd", "count"),
                        ("open", "staff-stats-nog-open", "count"),
                        (
                            "wait_median_s",
                            "staff-stats-wachttijd-na-aankomst-mediaan",
                            "s",
                        ),
                        ("wait_p90_s", "staff-stats-wachttijd-na-aankomst-p90", "s"),
                        (
                            "wait_max_s",
                            "staff-stats-wachttijd-na-aankomst-maximum",
                            "s",
                        ),
                    ]),
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
        let waiting = tickets::waiting_per_service(&self.pool, location_id).await?;
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
        let busy = tickets::at_desks(&self.pool, location_id).await?;
        let active_since = ms(now) - crate::engine::state::DESK_ACTIVE_WINDOW_MIN * 60_000;
        let mut desks = Vec::new();
        for d in &st.desks {
            let (state, ticket, service, since) = match busy.get(&d.id) {
                Some(t) => {
                    let since = if t.state == "serving" {
                        t.started_at
                    } else {
                        t.called_at
                    };
                    (
                        t.state.clone(),
                        Some(t.number.clone()),
                        st.service(t.service_id).map(|s| s.key.clone()),
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
        let ids = self.location_ids();
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

/// A table's columns from `(key, catalogue id of the label, unit)`.
fn columns(list: &[(&'static str, &str, &'static str)]) -> Vec<Column> {
    list.iter()
        .map(|(key, label, unit)| column(key, staff(label), unit))
        .collect()
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
