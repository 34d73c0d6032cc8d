//! Services as an administrator sets them up in the app (`/api/v1/admin/services…`): field for
//! field what the configuration file's `[[location.service]]` says, with the same names and
//! units (minutes), so that the page, the API and the file speak alike.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A service of a location, as the configuration holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminService {
    /// The location's key.
    pub location: String,
    pub key: String,
    /// The ticket prefix: 1 to 3 capital letters, unique in the location.
    pub prefix: String,
    /// Name per language code (`nl` is required; `fr`, `en`, `uk`, `ar`, `tr`).
    pub names: BTreeMap<String, String>,
    /// One short line per language for the kiosk tile.
    pub descriptions: BTreeMap<String, String>,
    pub icon: String,
    /// Visitors take a ticket for it at the kiosk.
    pub walk_in: bool,
    /// The ID-team: staff record a triage outcome for its visitors.
    pub triage: bool,
    /// A visitor transferred into it keeps their arrival time.
    pub transfer_keeps_arrival: bool,
    /// The wait it aims at, in minutes (1 to 1440).
    pub target_wait_min: i64,
    /// The typical visit, in minutes (1 to 1440).
    pub service_min: i64,
    /// Open at every hour (then `hours` is empty).
    pub always_open: bool,
    /// Weekly hours: `mon` … `sun` to spans like `"08:30-12:00"`.
    pub hours: BTreeMap<String, Vec<String>>,
    /// Dated exceptions: other hours on one date, or none (closed). The location's closing
    /// days come on top.
    pub exceptions: Vec<ServiceException>,
    /// Closed on Belgian public holidays.
    pub closed_on_public_holidays: bool,
    /// Appointments may be booked on public holidays too.
    pub appointments_on_public_holidays: bool,
    /// Citizens may book it online.
    pub bookable: bool,
    /// The appointment slot, in minutes (5 to 480).
    pub slot_min: i64,
}

/// Other hours on one date; no hours: closed that day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceException {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub hours: Vec<String>,
}

/// `PATCH /api/v1/admin/services/{key}`: what is given changes, the rest stays.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminServiceChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub descriptions: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub walk_in: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triage: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_keeps_arrival: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_wait_min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub always_open: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exceptions: Option<Vec<ServiceException>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on_public_holidays: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointments_on_public_holidays: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bookable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_min: Option<i64>,
}
