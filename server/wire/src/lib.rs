//! The JSON types Onthaal's programs exchange: the REST bodies and the WebSocket frames.
//!
//! The server, the kiosk station, the display station and the tests all use these types, so a
//! field is named once and the contract in `docs/api.md` has one Rust shape. Nothing here
//! carries personal data: tickets are numbers, services and rooms. Types meant for the
//! waiting-room display (`CallView`, `ServiceInfo`) have no field that could hold a name.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The languages the kiosk, the ticket and the status page speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Nl,
    Fr,
    En,
    Uk,
    Ar,
    Tr,
}

impl Lang {
    pub const ALL: [Lang; 6] = [Lang::Nl, Lang::Fr, Lang::En, Lang::Uk, Lang::Ar, Lang::Tr];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::Uk => "uk",
            Lang::Ar => "ar",
            Lang::Tr => "tr",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// Where a ticket is in its life. See the state machine in the server's domain core.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskRef {
    pub id: i64,
    pub name: String,
}

/// A ticket as the REST API and desk clients see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    pub position: Option<u32>,
    pub estimated_wait_s: Option<i64>,
    pub desk: Option<DeskRef>,
    /// The secret of the visitor's status page (`/s/{status_token}`, the QR code on the
    /// ticket). In every REST answer about the ticket; left out of the desk app's live frames
    /// and snapshots, which a browser page holds and which no page needs it in.
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceInfo {
    pub key: String,
    /// The name in Dutch.
    pub name: String,
    /// The name in every configured language, keyed by language code.
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
    pub estimated_wait_s: Option<i64>,
}

/// A desk as staff list it (`GET /api/v1/desks`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Desk {
    pub id: i64,
    pub name: String,
    /// `loket`, `balie` or `spreekkamer`.
    pub kind: String,
    /// The service keys in this desk's profile.
    pub services: Vec<String>,
}

/// A staff member as listed for transfers and appointments (`GET /api/v1/staff`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    pub id: i64,
    pub name: String,
    pub roles: Vec<String>,
    /// The service keys they take appointments for; empty: every service.
    #[serde(default)]
    pub services: Vec<String>,
}

/// A ticket's public status (`GET /api/v1/status/{status_token}`): no personal data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketStatus {
    pub number: String,
    pub service: String,
    pub service_name: String,
    pub state: TicketState,
    pub position: Option<u32>,
    pub estimated_wait_s: Option<i64>,
    pub desk: Option<DeskRef>,
    pub lang: Lang,
}

/// One call as the waiting room sees it: a number, a service and where to go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationInfo {
    pub key: String,
    pub name: String,
}

/// The body of every error answer: `{"error": {"code", "message"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// A stable snake_case code clients can branch on.
    pub code: String,
    /// A human sentence, safe to show to staff.
    pub message: String,
}

/// What a station knows about its printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrinterState {
    Ok,
    PaperNearEnd,
    PaperOut,
    CoverOpen,
    Offline,
    Unreachable,
    Error,
}

impl PrinterState {
    /// True when tickets cannot be printed.
    pub fn is_failure(self) -> bool {
        !matches!(self, PrinterState::Ok | PrinterState::PaperNearEnd)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrinterReport {
    pub state: PrinterState,
    /// A sentence for reception, e.g. the driver's error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Per-device settings kept on the server (a station's own screen cannot change them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct StationSettings {
    /// Service keys this display shows; empty means all.
    #[serde(default)]
    pub services: Vec<String>,
    /// An information line for the waiting room, e.g. permanentie hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info_line: Option<String>,
    /// A second language for spoken announcements, after Dutch. The older, single form of
    /// `languages`, still honoured when `languages` is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_language: Option<Lang>,
    /// The languages a display shows its headings, information lines and spoken announcements
    /// in after Dutch, in order (a waiting room often needs French and English, or Arabic and
    /// Ukrainian, not just one of them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<Lang>,
    /// The information line in other languages, by language code (`{"fr": "…"}`); `info_line`
    /// is the Dutch one and stands in for a language without its own.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub info_lines: std::collections::BTreeMap<String, String>,
}

impl StationSettings {
    /// The languages after Dutch: `languages`, or else `second_language`; Dutch and repeats
    /// left out.
    pub fn other_languages(&self) -> Vec<Lang> {
        let given: Vec<Lang> = if self.languages.is_empty() {
            self.second_language.into_iter().collect()
        } else {
            self.languages.clone()
        };
        let mut out = Vec::new();
        for l in given {
            if l != Lang::Nl && !out.contains(&l) {
                out.push(l);
            }
        }
        out
    }

    /// The information line in one language: its own, else the Dutch `info_line`.
    pub fn info_line_in(&self, lang: Lang) -> Option<&str> {
        self.info_lines
            .get(lang.code())
            .or(self.info_line.as_ref())
            .map(String::as_str)
            .filter(|l| !l.trim().is_empty())
    }
}

/// A kiosk or display as reception sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub id: i64,
    /// `kiosk` or `display`.
    pub kind: String,
    pub name: String,
    /// Connected to the server now.
    pub online: bool,
    pub last_seen: Option<DateTime<Utc>>,
    /// The kiosk's last printer report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub printer: Option<PrinterReport>,
    #[serde(default)]
    pub settings: StationSettings,
}

/// The kind of client on the WebSocket; each gets its own projection of the events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientKind {
    Display,
    Kiosk,
    Desk,
}

/// Frames the server sends on `/ws`.
///
/// The first frame is always a `snapshot`. Every later frame has a `seq` that grows by one per
/// location; a client that sees a gap sends [`ClientFrame::Resync`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    Snapshot(Snapshot),
    /// A ticket was called or recalled to a desk.
    Called {
        seq: u64,
        ticket: CallView,
        services: Vec<ServiceInfo>,
    },
    /// A kiosk or display came online, went offline or reported its printer. Desks get the
    /// device; displays and kiosks get an `update` frame with the same `seq` instead.
    Device {
        seq: u64,
        device: DeviceInfo,
    },
    /// Any other change: a ticket issued, started, finished, transferred…
    Update {
        seq: u64,
        /// The event kind, e.g. `issued`, `finished`.
        event: String,
        /// The changed ticket; only desk clients receive it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ticket: Option<Ticket>,
        services: Vec<ServiceInfo>,
    },
}

impl ServerFrame {
    pub fn seq(&self) -> u64 {
        match self {
            ServerFrame::Snapshot(s) => s.seq,
            ServerFrame::Called { seq, .. }
            | ServerFrame::Update { seq, .. }
            | ServerFrame::Device { seq, .. } => *seq,
        }
    }
}

/// The full state for one client kind at one `seq`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub seq: u64,
    pub kind: ClientKind,
    pub location: LocationInfo,
    pub services: Vec<ServiceInfo>,
    /// The latest calls, newest first.
    pub recent_calls: Vec<CallView>,
    /// Every waiting, called or serving ticket; desk clients only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tickets: Vec<Ticket>,
    /// The connecting station's own settings (displays and kiosks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<StationSettings>,
    /// Kiosks and displays of the location; desk clients only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub devices: Vec<DeviceInfo>,
    /// Where visitors' phones reach the server: the QR codes on tickets point at
    /// `{public_url}/s/{status_token}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,
}

/// Frames a client sends on `/ws`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientFrame {
    /// Ask for a fresh snapshot (after a gap in `seq`).
    Resync,
    /// A station reports its state (a kiosk: its printer), on connect and on every change.
    StationStatus {
        #[serde(default)]
        printer: Option<PrinterReport>,
    },
}

/// `POST /api/v1/tickets`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTicket {
    pub service: String,
    #[serde(default)]
    pub lang: Option<Lang>,
    /// Staff only: a priority ticket needs a reason from the fixed list.
    #[serde(default)]
    pub priority_reason: Option<String>,
}

/// `POST /api/v1/tickets/{id}/transfer`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Transfer {
    #[serde(default)]
    pub service: Option<String>,
    #[serde(default)]
    pub desk: Option<i64>,
    #[serde(default)]
    pub staff: Option<i64>,
    /// A short internal reason, for the audit log.
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /api/v1/tickets/{id}/call`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallTicket {
    pub desk: i64,
}

/// `POST /api/v1/auth/login`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Login {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginOk {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub staff: Staff,
}

/// `POST /api/v1/tickets/{id}/triage`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Triage {
    /// `answered`, `internal`, `external` or `none`.
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    pub key: String,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub hours: String,
    pub website: Option<String>,
}

/// A kind of help request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpCategory {
    pub key: String,
    pub name: String,
    /// A leefloon request: its receipt has the leefloon paragraphs.
    pub leefloon: bool,
}

/// `POST /api/v1/help-requests`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewHelpRequest {
    pub service: String,
    pub category: String,
    /// Supporting documents handed in (stavingsstukken), one short line each.
    #[serde(default)]
    pub documents: Vec<String>,
    /// The ticket of the visitor at the desk, if any.
    #[serde(default)]
    pub ticket: Option<i64>,
}

/// A hulpaanvraag in the register: only what the register and the receipt need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PrintRequest {
    /// A reception printer's key; default: the location's first printer.
    #[serde(default)]
    pub printer: Option<String>,
    /// For a referral slip: a short note of why (printed for the visitor).
    #[serde(default)]
    pub reason: Option<String>,
}

/// What a print job did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Printed {
    pub printer: String,
    pub bytes: usize,
}

/// One line of the audit log: who did what, when, to which ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// What the visitor's phone is told (`GET /api/v1/status/{token}`, each message of its live
/// stream, the answer to "I'm leaving"): the ticket's public status, and whether the visitor
/// left the queue themselves (so a reloaded page still says "you left the queue").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitorStatus {
    #[serde(flatten)]
    pub status: TicketStatus,
    #[serde(default)]
    pub left: bool,
}

/// The answer to `POST /api/v1/status/{token}/leave`: the status after leaving, and whether the
/// visitor had already left before this request (a second press changes nothing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaveAnswer {
    #[serde(flatten)]
    pub status: VisitorStatus,
    pub already: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_tagged_by_type() {
        let f = ServerFrame::Update {
            seq: 7,
            event: "issued".into(),
            ticket: None,
            services: vec![],
        };
        let v: serde_json::Value = serde_json::to_value(&f).unwrap();
        assert_eq!(v["type"], "update");
        assert_eq!(v["seq"], 7);
        assert!(v.get("ticket").is_none());
        let back: ServerFrame = serde_json::from_value(v).unwrap();
        assert_eq!(back.seq(), 7);
        let r: ClientFrame = serde_json::from_str(r#"{"type":"resync"}"#).unwrap();
        assert_eq!(r, ClientFrame::Resync);
    }

    #[test]
    fn states_and_langs_round_trip() {
        for s in [
            TicketState::Waiting,
            TicketState::Called,
            TicketState::Serving,
            TicketState::Done,
            TicketState::NoShow,
            TicketState::Cancelled,
        ] {
            assert_eq!(TicketState::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.code()), Some(l));
        }
    }

    #[test]
    fn a_visitor_status_is_the_ticket_status_plus_left() {
        let v = VisitorStatus {
            status: TicketStatus {
                number: "P004".into(),
                service: "permanentie".into(),
                service_name: "Permanentie".into(),
                state: TicketState::Cancelled,
                position: None,
                estimated_wait_s: None,
                desk: None,
                lang: Lang::Fr,
            },
            left: true,
        };
        let j = serde_json::to_value(LeaveAnswer {
            status: v.clone(),
            already: false,
        })
        .unwrap();
        // The contract's names stay at the top level.
        for key in ["number", "state", "position", "estimated_wait_s", "desk"] {
            assert!(j.get(key).is_some(), "{key} in {j}");
        }
        assert_eq!(
            (j["left"].as_bool(), j["already"].as_bool()),
            (Some(true), Some(false))
        );
        let back: VisitorStatus = serde_json::from_value(j).unwrap();
        assert_eq!(back, v);
    }
}
