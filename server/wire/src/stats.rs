//! The dashboard's figures (`GET /api/v1/stats`, `/stats/live`, `/stats/table`): a period's
//! report, the live state of queues and desks, and the tables behind charts and CSV exports.
//! The server's domain core computes them; this is their shape.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// Mean, median, p90 and maximum of a distribution, in the unit of its values (seconds).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default, ToSchema)]
#[schema(as = StatsSummary)]
pub struct Summary {
    /// How many values (visits) the figures are over.
    pub count: u64,
    /// Rounded to one decimal.
    pub mean: Option<f64>,
    pub median: Option<i64>,
    pub p90: Option<i64>,
    pub max: Option<i64>,
}

/// One bar of a histogram: values in `[from_s, to_s)`; the last bar has no upper bound.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
pub struct Bucket {
    pub from_s: i64,
    pub to_s: Option<i64>,
    pub count: u64,
    /// Share of all values, rounded to four decimals.
    pub share: f64,
}

/// How good the wait estimate printed on tickets was.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default, ToSchema)]
pub struct Accuracy {
    /// Visits with an estimate and a real wait.
    pub count: u64,
    /// Mean |estimate − wait| in seconds, one decimal.
    pub mean_abs_error_s: Option<f64>,
    /// Share with |estimate − wait| ≤ 5 minutes.
    pub within_5_min: Option<f64>,
    /// Mean (estimate − wait) in seconds: positive = we promised longer than it took.
    pub bias_s: Option<f64>,
}

/// The ID-team outcomes in the contract's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default, ToSchema)]
pub struct TriageCounts {
    pub answered: u64,
    pub internal: u64,
    pub external: u64,
    pub none: u64,
}

/// `GET /api/v1/stats`: the contract's figures first, then the rest of the period's summary.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(as = StatsReport)]
pub struct Report {
    pub location: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Visitors who arrived: tickets issued in the period (for a service filter: issued for it).
    pub visitors: u64,
    pub wait_s: Summary,
    pub service_s: Summary,
    #[schema(required = true)]
    pub no_show_rate: Option<f64>,
    #[schema(required = true)]
    pub sla_compliance: Option<f64>,
    pub triage: TriageCounts,
    /// Every stay in a queue, referrals into a service included.
    pub visits: u64,
    pub referred_in: u64,
    pub called: u64,
    pub no_shows: u64,
    pub cancelled: u64,
    pub transfers: u64,
    /// Tickets issued while their service was closed: should always be 0.
    pub issued_while_closed: u64,
    /// Internal referrals as a share of internal + external.
    pub internal_referral_share: Option<f64>,
    pub external_by_partner: Vec<PartnerCount>,
    /// Estimate printed at issue vs the real wait (first visits that were called):
    /// error = estimate − wait.
    pub estimate: Accuracy,
    /// Appointments with a slot in the period (see [`AppointmentFigures`]).
    pub appointments: AppointmentFigures,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct PartnerCount {
    pub partner: String,
    pub name: String,
    pub count: u64,
}

/// A column of a [`Table`]: a stable key, a Dutch label and a unit (`s`, `share`, `count`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Column {
    pub key: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
}

/// One table of the dashboard: what its chart draws, what its accessible table shows and what
/// its CSV export holds — the same rows for all three, so they cannot disagree.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(as = StatsTable)]
pub struct Table {
    pub table: &'static str,
    pub title: &'static str,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<serde_json::Value>>,
}

/// The live state of one service.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct LiveService {
    pub key: String,
    pub name: String,
    pub open: bool,
    pub waiting: u64,
    /// How long the visitor who has waited longest has been waiting, in seconds.
    pub longest_wait_s: Option<i64>,
    pub desks_open: u32,
    pub called_today: u64,
    pub served_today: u64,
    pub no_shows_today: u64,
    pub median_wait_today_s: Option<i64>,
    pub target_wait_s: i64,
    pub estimated_wait_s: Option<i64>,
}

/// What one desk is doing now. No names: a ticket number and a state.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct LiveDesk {
    pub id: i64,
    pub name: String,
    pub services: Vec<String>,
    /// Called someone in the last hour.
    pub open: bool,
    /// `idle`, `called` or `serving`.
    pub state: String,
    pub ticket: Option<String>,
    pub service: Option<String>,
    pub since: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(as = StatsLive)]
pub struct Live {
    pub at: DateTime<Utc>,
    pub day: NaiveDate,
    /// The `seq` of the last event included.
    pub seq: u64,
    pub location: String,
    pub location_name: String,
    pub services: Vec<LiveService>,
    pub desks: Vec<LiveDesk>,
    /// Every location (key and name), for the dashboard's location choice.
    pub locations: Vec<LocationChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct LocationChoice {
    pub key: String,
    pub name: String,
}

/// The appointment figures of a period (`appointments` in `GET /api/v1/stats`).
///
/// Every appointment whose slot falls in the period counts once, in exactly one of
/// `on_time`, `late`, `no_show`, `cancelled` or `open` (still booked: later, or not yet
/// recorded). *On time*: checked in at or before the slot start; *late*: after it — at most
/// `late_limit_min` (the location's `check_in_late_min`) after it, because later arrivals
/// cannot check in and are sent to the desk. *No-show*: recorded on the appointment, or its
/// check-in ticket was called and ended as a no-show (as the appointment's state says).
/// `arrived` counts every check-in (on time, late, or called and then not there).
#[derive(Debug, Clone, PartialEq, Serialize, Default, ToSchema)]
pub struct AppointmentFigures {
    pub booked: u64,
    pub online: u64,
    pub desk: u64,
    pub arrived: u64,
    pub on_time: u64,
    pub late: u64,
    pub no_show: u64,
    pub cancelled: u64,
    pub open: u64,
    /// Of the on time and late, the share on time.
    pub on_time_share: Option<f64>,
    /// Of the appointments that took place or were missed (on time + late + no-show), the
    /// no-shows.
    pub no_show_rate: Option<f64>,
    /// Of all booked, the share booked online.
    pub online_share: Option<f64>,
    /// How late the late ones checked in (seconds after the slot start).
    pub late_by_s: Summary,
    /// From check-in to the first call, for every checked-in appointment that was called.
    pub wait_after_arrival_s: Summary,
    pub late_limit_min: i64,
}
