//! The WebSocket frames on `/ws`: snapshots and changes from the server, resync and station
//! reports from the clients.

use serde::{Deserialize, Serialize};

use crate::{
    CallView, DeviceInfo, LocationInfo, PrinterReport, ServiceInfo, StationSettings, Ticket,
};

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
