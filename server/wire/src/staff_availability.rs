//! A social worker's weekly hours and the services they are booked for, as an administrator or
//! a manager sets them in the app (`/api/v1/admin/staff/{username}/availability`, the list
//! `/api/v1/admin/availability`): the same words as the configuration file's
//! `[staff.availability]` and `services` of a `[[staff]]`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A social worker's weekly hours and services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffAvailability {
    /// Spans per weekday (`mon` … `sun`), like `["09:00-12:00", "13:00-16:00"]`; a day left
    /// out has no hours. No hours at all: the worker is not offered for appointments.
    pub hours: BTreeMap<String, Vec<String>>,
    /// The service keys they take appointments for; empty: every bookable service.
    pub services: Vec<String>,
}

/// `GET /api/v1/admin/availability`: one active social worker's weekly hours and services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WorkerAvailability {
    /// What `/api/v1/admin/staff/{username}/availability` takes.
    pub username: String,
    pub name: String,
    /// As in [`StaffAvailability`].
    pub hours: BTreeMap<String, Vec<String>>,
    /// As in [`StaffAvailability`].
    pub services: Vec<String>,
}
