//! Locations, their desks and rooms, and their printers as an administrator keeps them in the
//! app (`/api/v1/admin/locations…`): field for field what the configuration file's
//! `[[location]]`, `[[location.desk]]` and `[[location.printer]]` say, with the same names and
//! units (minutes, days), and whether a desk or printer is retired (no longer offered, still
//! named in the history and the statistics).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A location with its settings, its services (to choose a desk's profile from), its desks and
/// rooms and its printers, retired ones included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminLocation {
    pub key: String,
    pub name: String,
    pub address: String,
    pub phone: String,
    /// An IANA time zone, e.g. `Europe/Brussels`; set when the location is made.
    pub timezone: String,
    /// Days the whole location is closed (`YYYY-MM-DD`), oldest first.
    pub closed_on: Vec<String>,
    /// How long after a no-show the visitor can still be put back in the queue (0 to 1440).
    pub no_show_grace_min: i64,
    /// The service that is the check-in queue for appointments; `null`: none.
    pub appointment_service: Option<String>,
    /// How early before an appointment one can check in (0 to 480 minutes).
    pub check_in_early_min: i64,
    /// How late after its start one can still check in (0 to 240 minutes).
    pub check_in_late_min: i64,
    /// Contact details are cleared this many days after the appointment (1 to 3650).
    pub retention_days: i64,
    /// Open future online bookings one e-mail address or phone number may hold (1 to 50).
    pub online_bookings_per_contact: i64,
    /// The location's services, in their order: what a desk's profile is chosen from.
    pub services: Vec<AdminLocationService>,
    /// Desks and rooms, the active ones in their order, then the retired ones.
    pub desks: Vec<AdminDesk>,
    /// Printers, the active ones in their order (the first is the default), then the retired.
    pub printers: Vec<AdminPrinter>,
}

/// A service of a location, as a desk's profile names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminLocationService {
    pub key: String,
    /// Its Dutch name.
    pub name: String,
}

/// `POST /api/v1/admin/locations`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAdminLocation {
    /// Lower-case letters, digits, `-` and `_`; unique, and never changes.
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    /// An IANA time zone; left out: `Europe/Brussels`.
    #[serde(default)]
    pub timezone: Option<String>,
    /// The key of a location whose services (names, hours, prefixes, booking) the new one
    /// starts with; left out: it starts without services, to be added under Services.
    #[serde(default)]
    pub services_from: Option<String>,
}

/// `PATCH /api/v1/admin/locations/{key}`: what is given changes, the rest stays.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminLocationChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Every closing day (`YYYY-MM-DD`): the list replaces the one held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_show_grace_min: Option<i64>,
    /// A service key of this location; `""`: no check-in queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment_service: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_in_early_min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_in_late_min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_bookings_per_contact: Option<i64>,
}

/// A desk or room of a location, active or retired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminDesk {
    pub key: String,
    pub name: String,
    /// `loket` (a counter), `balie` (a reception desk) or `spreekkamer` (a room).
    pub kind: String,
    /// Its profile: the keys of the services it calls visitors from.
    pub services: Vec<String>,
    /// Offered in the desk app; `false` once retired.
    pub active: bool,
}

/// `POST /api/v1/admin/locations/{key}/desks`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAdminDesk {
    /// Lower-case letters, digits, `-` and `_`; unique in the location, retired ones included.
    pub key: String,
    pub name: String,
    /// `loket`, `balie` or `spreekkamer`.
    pub kind: String,
    #[serde(default)]
    pub services: Vec<String>,
}

/// `PATCH /api/v1/admin/locations/{key}/desks/{desk}`: what is given changes, the rest stays.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminDeskChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The whole profile: replaces the services held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services: Option<Vec<String>>,
}

/// A reception printer of a location, active or retired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminPrinter {
    pub key: String,
    pub name: String,
    /// A printer URI: `tcp://10.0.0.20:9100`, `dir:///srv/prints/`, … (see the configuration
    /// file's `[[location.printer]]`).
    pub uri: String,
    /// Printed to; `false` once retired.
    pub active: bool,
}

/// `POST /api/v1/admin/locations/{key}/printers`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAdminPrinter {
    /// Lower-case letters, digits, `-` and `_`; unique in the location, retired ones included.
    pub key: String,
    pub name: String,
    pub uri: String,
}

/// `PATCH /api/v1/admin/locations/{key}/printers/{printer}`: what is given changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminPrinterChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}
