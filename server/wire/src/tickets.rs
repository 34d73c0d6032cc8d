//! The queue as the REST API and the stations see it: tickets, services, calls, a ticket's
//! public status, and the bodies that issue, call and transfer tickets.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::Lang;

/// Where a ticket is in its life. See the state machine in the server's domain core.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TicketState {
    Waiting,
    Called,
    Serving,
    Done,
    NoShow,
    Cancelled,
}

impl TicketState {
    pub fn as_str(self) -> &'static str {
        match self {
            TicketState::Waiting => "waiting",
            TicketState::Called => "called",
            TicketState::Serving => "serving",
            TicketState::Done => "done",
            TicketState::NoShow => "no_show",
            TicketState::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<TicketState> {
        Some(match s {
            "waiting" => TicketState::Waiting,
            "called" => TicketState::Called,
            "serving" => TicketState::Serving,
            "done" => TicketState::Done,
            "no_show" => TicketState::NoShow,
            "cancelled" => TicketState::Cancelled,
            _ => return None,
        })
    }

    /// A ticket in a final state never moves again (except a no-show brought back by staff).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            TicketState::Done | TicketState::NoShow | TicketState::Cancelled
        )
    }
}

/// How a ticket came to exist; statistics split by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Kiosk,
    Desk,
    Appointment,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Kiosk => "kiosk",
            Channel::Desk => "desk",
            Channel::Appointment => "appointment",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Some(match s {
            "kiosk" => Channel::Kiosk,
            "desk" => Channel::Desk,
            "appointment" => Channel::Appointment,
            _ => return None,
        })
    }
}

/// A desk, counter or consultation room as the visitor is sent to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DeskRef {
    pub id: i64,
    pub name: String,
}

/// A ticket as the REST API and desk clients see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Ticket {
    pub id: i64,
    /// What is printed and displayed, e.g. `P001`.
    pub number: String,
    /// The service key.
    pub service: String,
    pub state: TicketState,
    pub created_at: DateTime<Utc>,
    /// The arrival time that orders the queue; kept across transfers.
    pub queued_at: DateTime<Utc>,
    /// How many visitors of the same service are before this one (waiting tickets only).
    #[schema(required = true)]
    pub position: Option<u32>,
    #[schema(required = true)]
    pub estimated_wait_s: Option<i64>,
    #[schema(required = true)]
    pub desk: Option<DeskRef>,
    /// The secret of the visitor's status page (`/s/{status_token}`, the QR code on the
    /// ticket). In every REST answer about the ticket; left out of the desk app's live frames
    /// and snapshots, which a browser page holds and which no page needs it in.
    #[schema(required = true)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_token: Option<String>,
    pub priority: bool,
    pub channel: Channel,
    pub lang: Lang,
    /// The service the ticket was transferred from, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transferred_from: Option<String>,
    /// A desk or staff member the ticket waits for specifically (after a transfer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_desk: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_staff: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub called_at: Option<DateTime<Utc>>,
}

/// A service as anyone may list it (`GET /api/v1/services`) and as kiosks and displays see it.
///
/// In snapshots and the REST API it is complete. In `called` and `update` frames, which go to
/// every screen on every change, `names` and `descriptions` are left out (they only change with
/// the configuration, and come with every snapshot): those frames carry the figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ServiceInfo {
    pub key: String,
    /// The name in Dutch.
    pub name: String,
    /// The name in every configured language, keyed by language code.
    #[schema(required = true)]
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub names: std::collections::BTreeMap<String, String>,
    pub prefix: String,
    /// One short line per language for the kiosk tile.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub descriptions: std::collections::BTreeMap<String, String>,
    /// The pictogram of the kiosk tile: question, help, money, house, calendar, family, work, health.
    #[serde(default)]
    pub icon: String,
    /// Shown on the kiosk as a question tile (false for check-in-only queues).
    #[serde(default)]
    pub walk_in: bool,
    /// The ID-team: desks record a triage outcome for its visitors.
    #[serde(default)]
    pub triage: bool,
    /// Open for walk-in tickets right now.
    pub open: bool,
    /// When a closed service opens next, if within the coming weeks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<DateTime<Utc>>,
    pub waiting: u32,
    /// Estimated wait for a visitor who takes a ticket now.
    #[schema(required = true)]
    pub estimated_wait_s: Option<i64>,
    /// Closed now by staff (until a time today), whatever its opening hours say; then `open`
    /// is false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_now: Option<ClosedNow>,
}

/// Why staff may close a service now; the catalogue words each in every visitor language
/// (`closure-reason-staff-illness`, …).
pub const CLOSURE_REASONS: [&str; 4] =
    ["staff_illness", "technical_fault", "unforeseen", "meeting"];

/// A service closed "now" by staff, as visitors are told it: until when and why. The reason is
/// a key the catalogue words in every language (`closure-reason-…`): `staff_illness`,
/// `technical_fault`, `unforeseen`, `meeting`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ClosedNow {
    pub until: DateTime<Utc>,
    /// Closed for the rest of the day (`until` is the next midnight).
    pub end_of_day: bool,
    #[schema(schema_with = crate::schema::closure_reason)]
    pub reason: String,
}

/// A ticket's public status (`GET /api/v1/status/{status_token}`): no personal data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TicketStatus {
    pub number: String,
    pub service: String,
    pub service_name: String,
    pub state: TicketState,
    #[schema(required = true)]
    pub position: Option<u32>,
    #[schema(required = true)]
    pub estimated_wait_s: Option<i64>,
    #[schema(required = true)]
    pub desk: Option<DeskRef>,
    pub lang: Lang,
    /// The ticket waits for a service that staff closed now: the visitor keeps their place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_closed: Option<ClosedNow>,
}

/// One call as the waiting room sees it: a number, a service and where to go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CallView {
    pub id: i64,
    pub number: String,
    pub service: String,
    pub service_name: String,
    pub desk: DeskRef,
    pub at: DateTime<Utc>,
    /// True when this is a recall of an earlier call.
    #[serde(default)]
    pub recall: bool,
}

/// The location a client is connected to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LocationInfo {
    pub key: String,
    pub name: String,
}

/// `POST /api/v1/tickets`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewTicket {
    pub service: String,
    #[serde(default)]
    pub lang: Option<Lang>,
    /// Staff only: a priority ticket needs a reason from the fixed list.
    #[serde(default)]
    #[schema(schema_with = crate::schema::priority_reason)]
    pub priority_reason: Option<String>,
}

/// `POST /api/v1/tickets/{id}/transfer`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, ToSchema)]
pub struct Transfer {
    #[serde(default)]
    pub service: Option<String>,
    #[serde(default)]
    pub desk: Option<i64>,
    #[serde(default)]
    pub staff: Option<i64>,
    /// A short internal reason, for the audit log.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub reason: Option<String>,
}

/// `POST /api/v1/tickets/{id}/call`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CallTicket {
    pub desk: i64,
}

/// What the visitor's phone is told (`GET /api/v1/status/{token}`, each message of its live
/// stream, the answer to "I'm leaving"): the ticket's public status, and whether the visitor
/// left the queue themselves (so a reloaded page still says "you left the queue").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct VisitorStatus {
    #[serde(flatten)]
    pub status: TicketStatus,
    #[serde(default)]
    pub left: bool,
}

/// The answer to `POST /api/v1/status/{token}/leave`: the status after leaving, and whether the
/// visitor had already left before this request (a second press changes nothing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LeaveAnswer {
    #[serde(flatten)]
    pub status: VisitorStatus,
    pub already: bool,
}

/// `POST /api/v1/services/{key}/close`: close a service now, until a time today (`"14:00"`,
/// Brussels time) or, without `until`, the end of the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CloseService {
    #[schema(schema_with = crate::schema::closure_reason)]
    pub reason: String,
    /// `HH:MM` today, later than now; none: the end of the day.
    #[serde(default)]
    #[schema(pattern = "^[0-2][0-9]:[0-5][0-9]$")]
    pub until: Option<String>,
    /// A short note in Dutch for colleagues; visitors never see it.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub note: Option<String>,
}

/// A service closed now, as staff see it (`GET /api/v1/closures`, and the answer to closing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ServiceClosure {
    pub service: String,
    #[serde(flatten)]
    pub closed: ClosedNow,
    #[schema(required = true)]
    pub note: Option<String>,
    /// Who closed it (none: the account is gone).
    #[schema(required = true)]
    pub closed_by: Option<String>,
    pub closed_at: DateTime<Utc>,
}
