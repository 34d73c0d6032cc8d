//! Statistics as pure figures: what a manager reads on the dashboard, computed from numbers the
//! store hands in, with no I/O.
//!
//! Two halves:
//!
//! * **Visits from events.** [`apply`] folds one event of a ticket into that ticket's
//!   [`Visit`]s. A *visit* is one stay in one service's queue: a ticket has one visit from the
//!   moment it is issued, and a new one each time it is transferred (the ID-team referring a
//!   visitor to permanentie makes two visits: one at the ID-team, one at permanentie). This is
//!   what lets "service time at huurbegeleiding" include the visitors referred there, and what
//!   keeps the ID-team's own wait honest. The store keeps the visits in a rollup table, derived
//!   from the event log only.
//! * **Figures from counts.** The store aggregates in SQL and hands in `(value, count)` pairs
//!   (a distribution at whole-second resolution) and sums; [`Summary`], [`histogram`],
//!   [`Accuracy`] and [`ratio`] turn those into what is shown. Working on counts instead of
//!   lists is what keeps a year of visits fast, and the figures are still exact.
//!
//! Definitions (the dashboard's help text says the same in Dutch):
//!
//! * **wait** of a visit: from entering the queue (the `issued` event, or the `transferred`
//!   event for a referred visitor) to the first `called` event of that visit, in whole seconds
//!   (truncated). Visits never called have no wait.
//! * **service time**: from the first `started` to the `finished` (or `transferred`) event.
//! * **percentiles** use the *nearest-rank* definition: the p-th percentile of n values is the
//!   value at rank ⌈p/100 × n⌉ in ascending order. The median is p50, so for an even count it
//!   is the lower of the two middle values — always a wait some visitor really had.
//! * **SLA compliance**: of the visits that were called, the share called within their service's
//!   target (`wait ≤ target_wait_s`).
//! * **no-show rate**: of the visits that were called, the share that ended as no-show.
//! * **estimate accuracy** (first visits only, the estimate printed on the ticket): error =
//!   estimate − real wait; mean absolute error, share with |error| ≤ 5 minutes, and bias (mean
//!   error: positive means we promised longer than it took).

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use onthaal_wire::stats::{Accuracy, AppointmentFigures, Bucket, Column, Summary};

use crate::domain::events::EventKind;

/// "Within 5 minutes" for the estimate accuracy.
pub const ESTIMATE_TOLERANCE_S: i64 = 300;

// ---------------------------------------------------------------------------------------------
// Visits from events
// ---------------------------------------------------------------------------------------------

/// One stay of a ticket in one service's queue (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub ticket_id: i64,
    /// 0 for the visit that started with the ticket, then 1, 2, … per transfer.
    pub seg: i64,
    pub service_id: i64,
    /// `kiosk`, `desk` or `appointment`: how the ticket was taken.
    pub channel: String,
    /// When the visit entered the queue (ms since the epoch, UTC).
    pub entered_at: i64,
    /// The local calendar day, ISO weekday (1 = Monday) and hour of `entered_at`.
    pub day: NaiveDate,
    pub dow: u8,
    pub hour: u8,
    pub called_at: Option<i64>,
    /// The desk and staff member of the first call (staff: or of the start, if the call had none).
    pub desk_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
    /// How the visit ended: `finished`, `no_show`, `cancelled`, `transferred`; `None` while open.
    pub outcome: Option<String>,
    /// The service's target wait when the visit entered its queue.
    pub target_wait_s: i64,
    /// The estimate given on the ticket at issue (first visits only).
    pub estimate_s: Option<i64>,
    /// Issued while its service was closed (should never happen for walk-in tickets).
    pub issued_closed: bool,
    /// The ID-team outcome recorded during this visit, and the partner of an external referral.
    pub triage: Option<String>,
    pub partner: Option<String>,
}

impl Visit {
    pub fn is_first(&self) -> bool {
        self.seg == 0
    }

    /// Wait in whole seconds (see the module documentation), once called.
    pub fn wait_s(&self) -> Option<i64> {
        self.called_at.map(|c| (c - self.entered_at).max(0) / 1000)
    }

    /// Service time in whole seconds, once the service ended (finished or passed on).
    pub fn service_s(&self) -> Option<i64> {
        match (self.started_at, self.ended_at, self.outcome.as_deref()) {
            (Some(s), Some(e), Some("finished" | "transferred")) => Some((e - s).max(0) / 1000),
            _ => None,
        }
    }

    /// 1 when called within target, 0 when called later, `None` when not called.
    pub fn within_target(&self) -> Option<bool> {
        self.wait_s().map(|w| w <= self.target_wait_s)
    }

    /// Estimate − real wait, for first visits that had an estimate and were called.
    pub fn estimate_error_s(&self) -> Option<i64> {
        if !self.is_first() {
            return None;
        }
        Some(self.estimate_s? - self.wait_s()?)
    }
}

impl Visit {
    /// A visit that starts with `e` (an issue, or a transfer to another service): nothing of
    /// it has happened yet but its entering the queue.
    fn entering(e: &VisitEvent, seg: i64, service_id: i64, channel: String, tz: Tz) -> Visit {
        let (day, dow, hour) = local_slot(e.at, tz);
        Visit {
            ticket_id: e.ticket_id,
            seg,
            service_id,
            channel,
            entered_at: e.at,
            day,
            dow,
            hour,
            called_at: None,
            desk_id: None,
            staff_id: None,
            started_at: None,
            ended_at: None,
            outcome: None,
            target_wait_s: e.target_wait_s,
            estimate_s: None,
            issued_closed: false,
            triage: None,
            partner: None,
        }
    }
}

/// One event of the log, as [`apply`] needs it. The store parses `data` and looks up the
/// service's target and opening hours (which are configuration, not events).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitEvent {
    pub ticket_id: i64,
    pub kind: EventKind,
    pub at: i64,
    pub service_id: Option<i64>,
    pub desk_id: Option<i64>,
    pub staff_id: Option<i64>,
    /// `issued`: the channel and the estimate from the event's data.
    pub channel: Option<String>,
    pub estimate_s: Option<i64>,
    /// `triaged`: the outcome and partner from the event's data.
    pub outcome: Option<String>,
    pub partner: Option<String>,
    /// `issued` and `transferred`: the target wait of the (new) service.
    pub target_wait_s: i64,
    /// `issued`: whether the service was closed at that moment (appointments never count).
    pub service_closed: bool,
}

/// The local day, ISO weekday (1 = Monday … 7 = Sunday) and hour of a moment.
pub fn local_slot(at_ms: i64, tz: Tz) -> (NaiveDate, u8, u8) {
    let utc = DateTime::<Utc>::from_timestamp_millis(at_ms).unwrap_or_default();
    let local = tz.from_utc_datetime(&utc.naive_utc());
    (
        local.date_naive(),
        local.weekday().number_from_monday() as u8,
        local.hour() as u8,
    )
}

/// Folds one event of a ticket into that ticket's visits (oldest first). Events that say
/// nothing about a visit (prints, devices) and events of a ticket whose issue was never seen
/// are ignored; the fold never panics on an odd order.
pub fn apply(visits: &mut Vec<Visit>, e: &VisitEvent, tz: Tz) {
    if e.kind == EventKind::Issued {
        if visits.is_empty() {
            let mut first = Visit::entering(
                e,
                0,
                e.service_id.unwrap_or_default(),
                e.channel.clone().unwrap_or_else(|| "kiosk".into()),
                tz,
            );
            first.estimate_s = e.estimate_s;
            first.issued_closed = e.service_closed;
            visits.push(first);
        }
        return;
    }
    let Some(v) = visits.last_mut() else { return };
    match e.kind {
        // Only the first call of a visit counts for its wait; recalls and later calls do not.
        EventKind::Called if v.called_at.is_none() => {
            v.called_at = Some(e.at);
            v.desk_id = e.desk_id;
            v.staff_id = e.staff_id;
        }
        EventKind::Started => {
            if v.started_at.is_none() {
                v.started_at = Some(e.at);
            }
            if v.staff_id.is_none() {
                v.staff_id = e.staff_id;
            }
        }
        EventKind::Finished | EventKind::NoShow | EventKind::Cancelled => {
            v.ended_at = Some(e.at);
            v.outcome = Some(e.kind.as_str().into());
        }
        // The visitor cancelled from their phone ("I'm leaving"): a cancelled visit; the
        // event log keeps who cancelled it.
        EventKind::Left => {
            v.ended_at = Some(e.at);
            v.outcome = Some("cancelled".into());
        }
        // A parked visitor or a no-show who turned up after all: the same visit goes on, and
        // its first call stays the first call.
        EventKind::Returned => {
            v.ended_at = None;
            v.outcome = None;
        }
        EventKind::Triaged => {
            v.triage = e.outcome.clone();
            v.partner = e.partner.clone();
        }
        EventKind::Transferred => {
            v.ended_at = Some(e.at);
            v.outcome = Some("transferred".into());
            let next = Visit::entering(
                e,
                v.seg + 1,
                e.service_id.unwrap_or(v.service_id),
                v.channel.clone(),
                tz,
            );
            visits.push(next);
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Figures from counts
// ---------------------------------------------------------------------------------------------

/// Sorts `(value, count)` pairs by value and merges equal values.
fn normalise(counts: &[(i64, u64)]) -> Vec<(i64, u64)> {
    let mut v: Vec<(i64, u64)> = counts.iter().copied().filter(|(_, n)| *n > 0).collect();
    v.sort_unstable_by_key(|(value, _)| *value);
    let mut out: Vec<(i64, u64)> = Vec::with_capacity(v.len());
    for (value, n) in v {
        match out.last_mut() {
            Some((last, m)) if *last == value => *m += n,
            _ => out.push((value, n)),
        }
    }
    out
}

/// The nearest-rank percentile `p` (0 < p ≤ 100) of a distribution given as `(value, count)`
/// pairs: the value at rank ⌈p/100 × n⌉. `None` for an empty distribution.
pub fn percentile(counts: &[(i64, u64)], p: u32) -> Option<i64> {
    percentile_sorted(&normalise(counts), p)
}

fn percentile_sorted(sorted: &[(i64, u64)], p: u32) -> Option<i64> {
    let n: u64 = sorted.iter().map(|(_, c)| c).sum();
    if n == 0 {
        return None;
    }
    // ⌈p × n / 100⌉ in integers, at least rank 1.
    let rank = ((p.clamp(1, 100) as u64 * n).div_ceil(100)).max(1);
    let mut seen = 0;
    for (value, c) in sorted {
        seen += c;
        if seen >= rank {
            return Some(*value);
        }
    }
    sorted.last().map(|(v, _)| *v)
}

/// Rounds to `places` decimals for display (figures are read by people, not summed again).
pub fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// A [`Summary`] from a distribution given as `(value, count)` pairs. (The figures' shape is
/// the API's, in `onthaal_wire::stats`; how they are computed is the domain's.)
pub trait SummaryFromCounts {
    fn from_counts(counts: &[(i64, u64)]) -> Self;
}

impl SummaryFromCounts for Summary {
    fn from_counts(counts: &[(i64, u64)]) -> Summary {
        let sorted = normalise(counts);
        let count: u64 = sorted.iter().map(|(_, c)| c).sum();
        if count == 0 {
            return Summary::default();
        }
        let sum: i128 = sorted.iter().map(|(v, c)| *v as i128 * *c as i128).sum();
        Summary {
            count,
            mean: Some(round(sum as f64 / count as f64, 1)),
            median: percentile_sorted(&sorted, 50),
            p90: percentile_sorted(&sorted, 90),
            max: sorted.last().map(|(v, _)| *v),
        }
    }
}

/// `part / whole`, rounded to four decimals; `None` when there is nothing to divide.
pub fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| round(part as f64 / whole as f64, 4))
}

/// Bins a distribution into `buckets` bars of `width_s` seconds from 0, the last one open
/// ended ("60 minutes or more"). Negative values (which a correct log never has) go in the first.
pub fn histogram(counts: &[(i64, u64)], width_s: i64, buckets: usize) -> Vec<Bucket> {
    let width_s = width_s.max(1);
    let buckets = buckets.max(1);
    let mut bars = vec![0u64; buckets];
    for (value, n) in counts {
        let i = (value.max(&0) / width_s) as usize;
        bars[i.min(buckets - 1)] += n;
    }
    let total: u64 = bars.iter().sum();
    bars.iter()
        .enumerate()
        .map(|(i, n)| Bucket {
            from_s: i as i64 * width_s,
            to_s: (i + 1 < buckets).then_some((i as i64 + 1) * width_s),
            count: *n,
            share: ratio(*n, total).unwrap_or(0.0),
        })
        .collect()
}

/// An [`Accuracy`] from the estimate errors, as sums or one by one.
pub trait AccuracyFromErrors: Sized {
    fn from_sums(count: u64, sum_abs: i64, sum_signed: i64, within: u64) -> Self;
    fn from_errors(errors: &[i64]) -> Self;
}

impl AccuracyFromErrors for Accuracy {
    /// From the sums the store computes in SQL: count, Σ|error|, Σerror, count within 5 min.
    fn from_sums(count: u64, sum_abs: i64, sum_signed: i64, within: u64) -> Accuracy {
        if count == 0 {
            return Accuracy::default();
        }
        Accuracy {
            count,
            mean_abs_error_s: Some(round(sum_abs as f64 / count as f64, 1)),
            within_5_min: ratio(within, count),
            bias_s: Some(round(sum_signed as f64 / count as f64, 1)),
        }
    }

    /// The same from the individual errors (estimate − wait, seconds); the reference the sums
    /// are tested against.
    fn from_errors(errors: &[i64]) -> Accuracy {
        Accuracy::from_sums(
            errors.len() as u64,
            errors.iter().map(|e| e.abs()).sum(),
            errors.iter().sum(),
            errors
                .iter()
                .filter(|e| e.abs() <= ESTIMATE_TOLERANCE_S)
                .count() as u64,
        )
    }
}

/// How often each ISO weekday (index 0 = Monday) occurs in `[from, to]`: the divisor that turns
/// heatmap counts into "visitors per such day on average".
pub fn weekday_occurrences(from: NaiveDate, to: NaiveDate) -> [u32; 7] {
    let mut out = [0u32; 7];
    if to < from {
        return out;
    }
    let days = (to - from).num_days() + 1;
    let weeks = (days / 7) as u32;
    for o in out.iter_mut() {
        *o = weeks;
    }
    let start = from.weekday().num_days_from_monday() as i64;
    for i in 0..(days % 7) {
        out[((start + i) % 7) as usize] += 1;
    }
    out
}

/// The ISO week of a day as `2026-W48` (weeks start on Monday; week 1 holds 4 January).
pub fn iso_week(day: NaiveDate) -> String {
    let w = day.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// The Monday of the ISO week `day` is in.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - chrono::Duration::days(day.weekday().num_days_from_monday() as i64)
}

// ---------------------------------------------------------------------------------------------
// What the store answers with
// ---------------------------------------------------------------------------------------------

/// Which visits a figure is over: one location, local days `from..=to`, and optionally one
/// service, desk (of the first call), staff member (id only) and channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub location_id: i64,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub service_id: Option<i64>,
    pub desk_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub channel: Option<String>,
}

/// The counts one SQL pass gives for a set of visits (see the store).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub visits: u64,
    /// First visits: tickets issued (visitors arriving), as opposed to referrals in.
    pub arrivals: u64,
    pub called: u64,
    pub no_shows: u64,
    pub within_target: u64,
    /// Visits that ended in a transfer to another queue.
    pub transfers: u64,
    pub cancelled: u64,
    pub finished: u64,
    pub issued_closed: u64,
    /// answered, internal, external, none.
    pub triage: [u64; 4],
    pub est_count: u64,
    pub est_abs_sum: i64,
    pub est_sum: i64,
    pub est_within: u64,
}

impl Counts {
    pub fn no_show_rate(&self) -> Option<f64> {
        ratio(self.no_shows, self.called)
    }

    pub fn sla_compliance(&self) -> Option<f64> {
        ratio(self.within_target, self.called)
    }

    pub fn accuracy(&self) -> Accuracy {
        Accuracy::from_sums(
            self.est_count,
            self.est_abs_sum,
            self.est_sum,
            self.est_within,
        )
    }

    /// Internal referrals as a share of all referrals (internal + external).
    pub fn internal_share(&self) -> Option<f64> {
        ratio(self.triage[1], self.triage[1] + self.triage[2])
    }
}

pub const fn column(key: &'static str, label: &'static str, unit: &'static str) -> Column {
    Column { key, label, unit }
}

// ---------------------------------------------------------------------------------------------
// Appointments
// ---------------------------------------------------------------------------------------------

/// One appointment as the statistics count it, folded from the appointment events
/// (`appointment_booked`, `_moved`, `_cancelled`, `_no_show`) and the check-in's `issued`
/// event (which names the appointment). Ids, channels and times only: nothing personal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentFact {
    pub appointment_id: i64,
    pub service_id: i64,
    /// The social worker the appointment is with (a team appointment has none).
    pub staff_id: Option<i64>,
    /// The room (or desk) booked.
    pub desk_id: Option<i64>,
    /// How it was booked: `desk` (by staff) or `online`.
    pub channel: String,
    /// The slot start (ms UTC) and its local day, weekday and hour: the period an appointment
    /// counts in is the day of its slot.
    pub start_at: i64,
    pub day: NaiveDate,
    pub dow: u8,
    pub hour: u8,
    pub booked_at: i64,
    /// `booked` (not yet arrived nor ended), `arrived`, `cancelled` or `no_show`.
    pub state: String,
    /// The ticket of the check-in and when it was taken.
    pub ticket_id: Option<i64>,
    pub arrived_at: Option<i64>,
}

impl AppointmentFact {
    /// Seconds after the slot start the visitor checked in (0 when on time or early).
    pub fn late_s(&self) -> Option<i64> {
        self.arrived_at.map(|a| ((a - self.start_at) / 1000).max(0))
    }
}

/// One appointment event, as [`apply_appointment`] needs it: the store reads the fields from
/// the event's columns and data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentEvent {
    pub appointment_id: i64,
    /// `appointment_booked`, `appointment_moved`, `appointment_cancelled`,
    /// `appointment_no_show`, or `issued` (the check-in).
    pub kind: EventKind,
    pub at: i64,
    pub service_id: Option<i64>,
    pub desk_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub channel: Option<String>,
    pub start_at: Option<i64>,
    pub ticket_id: Option<i64>,
}

/// Folds one event into an appointment's fact. A booking creates it; a move changes its slot;
/// a check-in marks it arrived; a cancel or no-show ends it. Events of an appointment whose
/// booking was never seen are ignored, as are events that carry no slot.
pub fn apply_appointment(fact: &mut Option<AppointmentFact>, e: &AppointmentEvent, tz: Tz) {
    let set_slot = |f: &mut AppointmentFact, start_at: i64| {
        let (day, dow, hour) = local_slot(start_at, tz);
        (f.start_at, f.day, f.dow, f.hour) = (start_at, day, dow, hour);
    };
    if e.kind == EventKind::AppointmentBooked {
        let Some(start_at) = e.start_at else { return };
        let mut f = AppointmentFact {
            appointment_id: e.appointment_id,
            service_id: e.service_id.unwrap_or_default(),
            staff_id: e.staff_id,
            desk_id: e.desk_id,
            channel: e.channel.clone().unwrap_or_else(|| "desk".into()),
            start_at,
            day: NaiveDate::default(),
            dow: 0,
            hour: 0,
            booked_at: e.at,
            state: "booked".into(),
            ticket_id: None,
            arrived_at: None,
        };
        set_slot(&mut f, start_at);
        *fact = Some(f);
        return;
    }
    let Some(f) = fact.as_mut() else { return };
    match e.kind {
        EventKind::AppointmentMoved => {
            if let Some(start_at) = e.start_at {
                set_slot(f, start_at);
            }
        }
        EventKind::AppointmentCancelled => f.state = "cancelled".into(),
        EventKind::AppointmentNoShow => f.state = "no_show".into(),
        // The first check-in counts; the same code again gives the same ticket, no new event.
        EventKind::Issued if f.arrived_at.is_none() => {
            f.state = "arrived".into();
            f.ticket_id = e.ticket_id;
            f.arrived_at = Some(e.at);
        }
        _ => {}
    }
}

/// What the store hands in for the figures: how many appointments of the period share a
/// booking channel, a state, whether their check-in ticket ended as a no-show, and whether the
/// visitor checked in after the slot start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentCount {
    pub channel: String,
    pub state: String,
    /// The check-in ticket ended as a no-show (called, not there): the appointment's
    /// no-show, as the appointment itself says.
    pub ticket_no_show: bool,
    /// Checked in after the slot start.
    pub late: bool,
    pub n: u64,
}

/// The [`AppointmentFigures`] of a period from its counts.
pub trait AppointmentFiguresFromCounts {
    fn from_counts(
        counts: &[AppointmentCount],
        late_by: &[(i64, u64)],
        waits: &[(i64, u64)],
        late_limit_min: i64,
    ) -> Self;
}

impl AppointmentFiguresFromCounts for AppointmentFigures {
    /// The figures from the period's counts, the lateness of the late check-ins and the
    /// waits after arrival (both `(seconds, count)`, as for [`Summary::from_counts`]).
    fn from_counts(
        counts: &[AppointmentCount],
        late_by: &[(i64, u64)],
        waits: &[(i64, u64)],
        late_limit_min: i64,
    ) -> AppointmentFigures {
        let mut f = AppointmentFigures {
            late_limit_min,
            ..Default::default()
        };
        for c in counts {
            f.booked += c.n;
            match c.channel.as_str() {
                "online" => f.online += c.n,
                _ => f.desk += c.n,
            }
            match c.state.as_str() {
                "arrived" if c.ticket_no_show => {
                    f.arrived += c.n;
                    f.no_show += c.n;
                }
                "arrived" => {
                    f.arrived += c.n;
                    if c.late {
                        f.late += c.n;
                    } else {
                        f.on_time += c.n;
                    }
                }
                "no_show" => f.no_show += c.n,
                "cancelled" => f.cancelled += c.n,
                _ => f.open += c.n,
            }
        }
        f.on_time_share = ratio(f.on_time, f.on_time + f.late);
        f.no_show_rate = ratio(f.no_show, f.on_time + f.late + f.no_show);
        f.online_share = ratio(f.online, f.booked);
        f.late_by_s = Summary::from_counts(late_by);
        f.wait_after_arrival_s = Summary::from_counts(waits);
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tz() -> Tz {
        chrono_tz::Europe::Brussels
    }

    fn ms(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
            .unwrap()
            .timestamp_millis()
    }

    fn ev(kind: &str, at: i64) -> VisitEvent {
        VisitEvent {
            ticket_id: 7,
            kind: EventKind::parse(kind).expect("a known event kind"),
            at,
            service_id: Some(1),
            desk_id: Some(3),
            staff_id: Some(4),
            channel: Some("kiosk".into()),
            estimate_s: Some(600),
            outcome: None,
            partner: None,
            target_wait_s: 900,
            service_closed: false,
        }
    }

    fn expand(counts: &[(i64, u64)]) -> Vec<i64> {
        let mut v: Vec<i64> = counts
            .iter()
            .flat_map(|(x, n)| std::iter::repeat_n(*x, *n as usize))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn nearest_rank_percentiles() {
        // 1..=10: median is the 5th value, p90 the 9th.
        let c: Vec<(i64, u64)> = (1..=10).map(|v| (v, 1)).collect();
        assert_eq!(percentile(&c, 50), Some(5));
        assert_eq!(percentile(&c, 90), Some(9));
        assert_eq!(percentile(&c, 100), Some(10));
        // Three values: median is the 2nd, p90 the 3rd (⌈2.7⌉).
        assert_eq!(percentile(&[(30, 1), (10, 1), (20, 1)], 50), Some(20));
        assert_eq!(percentile(&[(30, 1), (10, 1), (20, 1)], 90), Some(30));
        assert_eq!(percentile(&[], 50), None);
        let s = Summary::from_counts(&[(60, 2), (120, 1), (600, 1)]);
        assert_eq!(s.count, 4);
        assert_eq!(s.mean, Some(210.0));
        assert_eq!(s.median, Some(60));
        assert_eq!(s.p90, Some(600));
        assert_eq!(s.max, Some(600));
    }

    #[test]
    fn histogram_bins_and_opens_the_last_bar() {
        let h = histogram(&[(0, 1), (299, 1), (300, 2), (4000, 1)], 300, 3);
        assert_eq!(h.iter().map(|b| b.count).collect::<Vec<_>>(), vec![2, 2, 1]);
        assert_eq!(h[2].from_s, 600);
        assert_eq!(h[2].to_s, None);
        assert_eq!(h[0].share, 0.4);
    }

    #[test]
    fn slots_follow_brussels_time_across_daylight_saving() {
        // 29 March 2026 is the spring change: 01:30 UTC is 03:30 CEST, a Sunday.
        assert_eq!(
            local_slot(ms(2026, 3, 29, 1, 30, 0), tz()),
            (NaiveDate::from_ymd_opt(2026, 3, 29).unwrap(), 7, 3)
        );
        // 23:30 UTC on a Monday in winter is already Tuesday 00:30 in Brussels.
        assert_eq!(
            local_slot(ms(2026, 11, 23, 23, 30, 0), tz()),
            (NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(), 2, 0)
        );
    }

    #[test]
    fn a_transfer_starts_a_new_visit_and_keeps_the_first_call() {
        let t0 = ms(2026, 11, 24, 9, 0, 0);
        let mut v = Vec::new();
        apply(&mut v, &ev("issued", t0), tz());
        apply(&mut v, &ev("called", t0 + 300_500), tz());
        apply(&mut v, &ev("recalled", t0 + 400_000), tz());
        apply(&mut v, &ev("no_show", t0 + 500_000), tz());
        apply(&mut v, &ev("returned", t0 + 550_000), tz());
        apply(&mut v, &ev("called", t0 + 600_000), tz());
        apply(&mut v, &ev("started", t0 + 610_000), tz());
        let mut triage = ev("triaged", t0 + 700_000);
        triage.outcome = Some("internal".into());
        apply(&mut v, &triage, tz());
        let mut moved = ev("transferred", t0 + 710_000);
        moved.service_id = Some(2);
        moved.target_wait_s = 1800;
        apply(&mut v, &moved, tz());
        apply(&mut v, &ev("called", t0 + 1_010_000), tz());
        apply(&mut v, &ev("started", t0 + 1_020_000), tz());
        apply(&mut v, &ev("finished", t0 + 1_620_000), tz());
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].wait_s(), Some(300));
        assert_eq!(v[0].service_s(), Some(100));
        assert_eq!(v[0].outcome.as_deref(), Some("transferred"));
        assert_eq!(v[0].triage.as_deref(), Some("internal"));
        assert_eq!(v[0].estimate_error_s(), Some(300));
        assert_eq!(v[1].service_id, 2);
        assert_eq!(v[1].seg, 1);
        assert_eq!(v[1].wait_s(), Some(300));
        assert_eq!(v[1].service_s(), Some(600));
        assert_eq!(v[1].within_target(), Some(true));
        assert_eq!(v[1].estimate_error_s(), None);
        assert_eq!((v[1].dow, v[1].hour), (2, 10));
    }

    #[test]
    fn a_visitor_who_left_is_a_cancelled_visit() {
        let t0 = ms(2026, 11, 24, 9, 0, 0);
        let mut v = Vec::new();
        apply(&mut v, &ev("issued", t0), tz());
        apply(&mut v, &ev("left", t0 + 60_000), tz());
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].outcome.as_deref(), Some("cancelled"));
        assert_eq!(v[0].ended_at, Some(t0 + 60_000));
    }

    #[test]
    fn events_before_an_issue_are_ignored() {
        let mut v = Vec::new();
        apply(&mut v, &ev("called", 1), tz());
        assert!(v.is_empty());
    }

    #[test]
    fn weekdays_in_a_period() {
        let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        // Tuesday 24 November to Monday 7 December: two of every weekday.
        assert_eq!(weekday_occurrences(d(11, 24), d(12, 7)), [2; 7]);
        // One Tuesday.
        assert_eq!(
            weekday_occurrences(d(11, 24), d(11, 24)),
            [0, 1, 0, 0, 0, 0, 0]
        );
        assert_eq!(iso_week(d(11, 24)), "2026-W48");
        assert_eq!(week_start(d(11, 29)), d(11, 23));
    }

    #[test]
    fn an_appointment_is_booked_moved_and_checked_in_late() {
        let t0 = ms(2026, 11, 20, 9, 0, 0);
        let slot = ms(2026, 11, 24, 10, 0, 0); // 11:00 in Brussels
        let ev = |kind: &str, at: i64, start_at: Option<i64>| AppointmentEvent {
            appointment_id: 5,
            kind: EventKind::parse(kind).expect("a known event kind"),
            at,
            service_id: Some(6),
            desk_id: Some(2),
            staff_id: Some(9),
            channel: Some("online".into()),
            start_at,
            ticket_id: Some(40),
        };
        let mut f = None;
        apply_appointment(&mut f, &ev("appointment_no_show", t0, None), tz());
        assert_eq!(f, None, "nothing before the booking");
        apply_appointment(&mut f, &ev("appointment_booked", t0, Some(slot)), tz());
        apply_appointment(
            &mut f,
            &ev("appointment_moved", t0 + 1000, Some(slot + 86_400_000)),
            tz(),
        );
        let moved = f.clone().unwrap();
        assert_eq!((moved.dow, moved.hour), (3, 11));
        assert_eq!(moved.day, NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
        apply_appointment(
            &mut f,
            &ev("issued", slot + 86_400_000 + 125_900, None),
            tz(),
        );
        apply_appointment(
            &mut f,
            &ev("issued", slot + 86_400_000 + 999_000, None),
            tz(),
        );
        let a = f.unwrap();
        assert_eq!(a.state, "arrived");
        assert_eq!(
            (a.channel.as_str(), a.staff_id, a.ticket_id),
            ("online", Some(9), Some(40))
        );
        assert_eq!(a.late_s(), Some(125));
        let count = |state: &str, channel: &str, ticket_no_show, late, n| AppointmentCount {
            channel: channel.into(),
            state: state.into(),
            ticket_no_show,
            late,
            n,
        };
        let counts = [
            count("arrived", "online", false, true, 1),
            count("arrived", "desk", false, false, 2),
            count("no_show", "desk", false, false, 1),
            count("cancelled", "online", false, false, 1),
            count("booked", "desk", false, false, 1),
            count("arrived", "desk", true, true, 1),
        ];
        let fig = AppointmentFigures::from_counts(
            &counts,
            &[(125, 1)],
            &[(60, 1), (300, 1), (900, 1)],
            15,
        );
        assert_eq!(
            (
                fig.booked,
                fig.online,
                fig.desk,
                fig.arrived,
                fig.on_time,
                fig.late
            ),
            (7, 2, 5, 4, 2, 1)
        );
        assert_eq!((fig.no_show, fig.cancelled, fig.open), (2, 1, 1));
        assert_eq!(fig.on_time_share, Some(0.6667));
        assert_eq!(fig.no_show_rate, Some(0.4));
        assert_eq!(fig.online_share, Some(0.2857));
        assert_eq!(fig.late_by_s.median, Some(125));
        assert_eq!(
            (
                fig.wait_after_arrival_s.count,
                fig.wait_after_arrival_s.median,
                fig.wait_after_arrival_s.max
            ),
            (3, Some(300), Some(900))
        );
    }

    proptest! {
        #[test]
        fn percentiles_match_sorting(values in proptest::collection::vec((0i64..5000, 1u64..4), 1..60), p in 1u32..=100) {
            let all = expand(&values);
            // Nearest rank ⌈p·n/100⌉ in integers: in floating point 0.28 × 25 is
            // 7.000000000000001, which would round up to the wrong rank.
            let rank = ((p as usize * all.len()).div_ceil(100)).max(1);
            prop_assert_eq!(percentile(&values, p), Some(all[rank - 1]));
            let s = Summary::from_counts(&values);
            prop_assert_eq!(s.count as usize, all.len());
            prop_assert_eq!(s.max, all.last().copied());
            prop_assert!(s.median <= s.p90 && s.p90 <= s.max);
            let mean = all.iter().sum::<i64>() as f64 / all.len() as f64;
            prop_assert!((s.mean.unwrap() - mean).abs() <= 0.05 + 1e-9);
        }

        #[test]
        fn histograms_keep_every_value(values in proptest::collection::vec((0i64..10_000, 1u64..4), 0..60), width in 1i64..900, n in 1usize..20) {
            let h = histogram(&values, width, n);
            prop_assert_eq!(h.len(), n);
            prop_assert_eq!(h.iter().map(|b| b.count).sum::<u64>(), values.iter().map(|(_, c)| c).sum::<u64>());
            for (v, _) in &values {
                let i = ((v / width) as usize).min(n - 1);
                prop_assert!(h[i].from_s <= *v && h[i].to_s.is_none_or(|t| *v < t));
            }
        }

        #[test]
        fn accuracy_sums_match_the_errors(errors in proptest::collection::vec(-4000i64..4000, 0..50)) {
            let a = Accuracy::from_errors(&errors);
            prop_assert_eq!(a.count as usize, errors.len());
            if let Some(mae) = a.mean_abs_error_s {
                prop_assert!(mae >= 0.0);
                prop_assert!(a.bias_s.unwrap().abs() <= mae + 0.05);
                let within = errors.iter().filter(|e| e.abs() <= 300).count() as f64 / errors.len() as f64;
                prop_assert!((a.within_5_min.unwrap() - within).abs() < 1e-4);
            }
        }

        #[test]
        fn weekday_counts_add_up(start in 0i64..3000, len in 0i64..800) {
            let from = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Duration::days(start);
            let to = from + chrono::Duration::days(len);
            let occ = weekday_occurrences(from, to);
            prop_assert_eq!(occ.iter().sum::<u32>() as i64, len + 1);
            let mut d = from;
            let mut manual = [0u32; 7];
            while d <= to { manual[d.weekday().num_days_from_monday() as usize] += 1; d += chrono::Duration::days(1); }
            prop_assert_eq!(occ, manual);
        }
    }
}
