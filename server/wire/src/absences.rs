//! A social worker's absences (afwezigheden) as staff record and see them, and what recording
//! one does to the appointments it touches: each moved to a colleague, to the team, or
//! cancelled.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{AppointmentView, Printed};

/// A social worker absent on whole days, `from` to `to` inclusive (local dates).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Absence {
    pub id: i64,
    pub staff: i64,
    pub staff_name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// `app` (recorded in the app) or `configuration` (the file's `absent`: replaced at every
    /// configuration load).
    pub source: String,
    pub note: Option<String>,
    /// Who recorded it (none for the configuration file).
    pub recorded_by: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

/// An absence to record, or to preview (`POST /absences/preview`, where `actions` are not
/// read). Every booked appointment it touches needs an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NewAbsence {
    pub staff: i64,
    pub from: NaiveDate,
    /// The last day absent; left out: only `from` (for instance "absent today").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub note: Option<String>,
    #[serde(default)]
    pub actions: Vec<AbsenceAction>,
}

/// What becomes of one appointment the absence touches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AbsenceAction {
    pub appointment: i64,
    /// `colleague` (with `staff`), `team` or `cancel` (with `reason`).
    #[schema(schema_with = crate::schema::absence_action_kind)]
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub reason: Option<String>,
}

/// A colleague an appointment can move to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Colleague {
    pub id: i64,
    pub name: String,
}

/// An appointment an absence touches, with where it can go: the colleagues free the whole
/// time, and whether the team can take it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TouchedAppointment {
    pub appointment: AppointmentView,
    pub free_colleagues: Vec<Colleague>,
    pub team_free: bool,
}

/// What recording the absence would touch.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AbsencePreview {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub touched: Vec<TouchedAppointment>,
}

/// What became of one appointment, and how its client hears of it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AbsenceOutcome {
    /// The appointment as it is now.
    pub appointment: AppointmentView,
    /// `colleague`, `team` or `cancel`.
    pub action: String,
    /// The absent social worker it was booked with.
    pub previous_staff_name: String,
    pub reason: Option<String>,
    /// The client was sent an e-mail.
    pub emailed: bool,
}

/// A recorded absence and what it did. Clients who got no e-mail are on the printed list
/// (`printed`; `print_error` when the reception printer could not print it).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AbsenceRecorded {
    pub absence: Absence,
    pub outcomes: Vec<AbsenceOutcome>,
    pub printed: Option<Printed>,
    pub print_error: Option<String>,
}

/// A new last day for an absence (ending it early, or making it longer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AbsenceEnd {
    pub to: NaiveDate,
}
