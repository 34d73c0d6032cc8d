//! What staff work with at a desk: desks, colleagues, the ID-team's triage and partners, help
//! requests (hulpaanvragen) and their receipts (ontvangstbewijs), print jobs and the audit log.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A desk as staff list it (`GET /api/v1/desks`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Desk {
    pub id: i64,
    pub name: String,
    /// `loket`, `balie` or `spreekkamer`.
    #[schema(schema_with = crate::schema::desk_kind)]
    pub kind: String,
    /// The service keys in this desk's profile.
    pub services: Vec<String>,
}

/// A staff member as listed for transfers and appointments (`GET /api/v1/staff`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Staff {
    pub id: i64,
    pub name: String,
    #[schema(schema_with = crate::schema::roles)]
    pub roles: Vec<String>,
    /// The service keys they take appointments for; empty: every service.
    #[serde(default)]
    pub services: Vec<String>,
}

/// `POST /api/v1/tickets/{id}/triage`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Triage {
    /// `answered`, `internal`, `external` or `none`.
    #[schema(schema_with = crate::schema::triage_outcome)]
    pub outcome: String,
    /// The partner organisation's key, for an external referral.
    #[serde(default)]
    pub partner: Option<String>,
    /// The service an internal referral sends the visitor to (this also transfers them).
    #[serde(default)]
    pub service: Option<String>,
    /// For an internal referral: the appointment just booked for the visitor (with a team or
    /// social worker); the `triaged` event links to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment: Option<i64>,
}

/// A partner organisation the ID-team refers to; printed on the referral slip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Partner {
    pub key: String,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub hours: String,
    pub website: Option<String>,
}

/// A kind of help request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HelpCategory {
    pub key: String,
    pub name: String,
    /// A leefloon request: its receipt has the leefloon paragraphs.
    pub leefloon: bool,
}

/// `POST /api/v1/help-requests`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewHelpRequest {
    pub service: String,
    pub category: String,
    /// Supporting documents handed in (stavingsstukken), one short line each.
    #[serde(default)]
    #[schema(schema_with = crate::schema::documents)]
    pub documents: Vec<String>,
    /// The ticket of the visitor at the desk, if any.
    #[serde(default)]
    pub ticket: Option<i64>,
}

/// A hulpaanvraag in the register: only what the register and the receipt need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HelpRequest {
    pub id: i64,
    /// E.g. `HA-2026-00017`: the per-year register number.
    pub reference: String,
    /// The day the request was received (in the location's time zone): it starts the
    /// 30-day decision term.
    pub received_on: chrono::NaiveDate,
    pub service: String,
    pub service_name: String,
    pub category: String,
    pub category_name: String,
    pub leefloon: bool,
    pub documents: Vec<String>,
    /// The staff member who registered it.
    pub staff: Option<String>,
    /// The ticket number of the visit, if it was registered during one.
    pub ticket: Option<String>,
    pub printed_at: Option<DateTime<Utc>>,
    pub print_count: i64,
}

/// `POST /api/v1/help-requests/{id}/print` and `POST /api/v1/tickets/{id}/referral-slip`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, ToSchema)]
pub struct PrintRequest {
    /// A reception printer's key; default: the location's first printer.
    #[serde(default)]
    pub printer: Option<String>,
    /// For a referral slip: a short note of why (printed for the visitor).
    #[serde(default)]
    #[schema(max_length = 300)]
    pub reason: Option<String>,
}

/// What a print job did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Printed {
    pub printer: String,
    pub bytes: usize,
}

/// One line of the audit log: who did what, when, to which ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub event: String,
    pub ticket_id: Option<i64>,
    pub ticket: Option<String>,
    pub staff: Option<String>,
    pub desk: Option<String>,
    pub device: Option<String>,
    pub details: Option<serde_json::Value>,
}
