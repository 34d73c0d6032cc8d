//! The hub: publishes committed changes to connected clients, per location.
//!
//! Each change is turned into one frame per client kind *once* (a projection), serialised once,
//! and shared by every subscriber of that kind. The display and kiosk projections are built
//! only from [`CallView`] and [`ServiceInfo`], types that have no field able to hold personal
//! data, so no frame to a waiting-room screen can leak any.
//!
//! Every change yields exactly one frame per kind, with the location's `seq`; a subscriber
//! that falls behind (a lagging broadcast receiver) is given a fresh snapshot instead.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use axum::extract::ws::Utf8Bytes;

use onthaal_wire::{CallView, ClientKind, DeviceInfo, ServerFrame, ServiceInfo, Ticket};
use tokio::sync::broadcast;

/// How many frames a slow client may fall behind before it is resynced with a snapshot.
const CHANNEL_CAPACITY: usize = 1024;

/// A committed change, as the store hands it over.
#[derive(Debug, Clone)]
pub struct Change {
    pub location_id: i64,
    pub seq: u64,
    /// The event kind, e.g. `issued`, `called`.
    pub event: String,
    /// The changed ticket, for ticket events.
    pub ticket: Option<Ticket>,
    /// Set for calls and recalls.
    pub call: Option<CallView>,
    /// The changed station, for device events.
    pub device: Option<DeviceInfo>,
    pub services: Vec<ServiceInfo>,
}

/// One change, pre-serialised for each client kind.
#[derive(Debug)]
pub struct Published {
    pub seq: u64,
    pub event: String,
    pub display: Utf8Bytes,
    pub kiosk: Utf8Bytes,
    pub desk: Utf8Bytes,
    /// The change itself, for displays that show only some services (rare enough to
    /// serialise per display).
    pub call: Option<CallView>,
    pub services: Vec<ServiceInfo>,
    /// The station a device event is about.
    pub device_id: Option<i64>,
}

impl Published {
    /// The frame for a display that shows only the `filter` services: their figures, and
    /// the call only if it is for one of them (else an `update` with the same `seq`, so the
    /// display never sees a gap).
    pub fn display_filtered(&self, filter: &[String]) -> Utf8Bytes {
        let services: Vec<ServiceInfo> = self
            .services
            .iter()
            .filter(|s| filter.contains(&s.key))
            .cloned()
            .collect();
        let call = self.call.as_ref().filter(|c| filter.contains(&c.service));
        json(&display_frame(self.seq, &self.event, call, &services))
    }

    pub fn frame(&self, kind: ClientKind) -> &Utf8Bytes {
        match kind {
            ClientKind::Display => &self.display,
            ClientKind::Kiosk => &self.kiosk,
            ClientKind::Desk => &self.desk,
        }
    }
}

#[derive(Default)]
pub struct Hub {
    channels: RwLock<HashMap<i64, broadcast::Sender<Arc<Published>>>>,
}

/// The waiting room's view of a change: a call, or the queue figures. Nothing else.
pub fn display_frame(
    seq: u64,
    event: &str,
    call: Option<&CallView>,
    services: &[ServiceInfo],
) -> ServerFrame {
    match call {
        Some(c) => ServerFrame::Called {
            seq,
            ticket: c.clone(),
            services: services.to_vec(),
        },
        None => ServerFrame::Update {
            seq,
            event: event.to_string(),
            ticket: None,
            services: services.to_vec(),
        },
    }
}

/// Desks get the changed ticket too (without its status token), so their queue lists update
/// without a request.
pub fn desk_frame(change: &Change) -> ServerFrame {
    if let Some(d) = &change.device {
        return ServerFrame::Device {
            seq: change.seq,
            device: d.clone(),
        };
    }
    match &change.call {
        Some(c) => ServerFrame::Called {
            seq: change.seq,
            ticket: c.clone(),
            services: change.services.clone(),
        },
        None => ServerFrame::Update {
            seq: change.seq,
            event: change.event.clone(),
            ticket: change.ticket.clone().map(without_status_token),
            services: change.services.clone(),
        },
    }
}

/// A ticket as a desk page may hold it: without the secret of the visitor's status page,
/// which no desk needs (a page on another origin that got hold of a desk's live frames
/// could otherwise follow, or cancel, every visitor's ticket). `GET /tickets/{id}` gives it.
pub fn without_status_token(mut t: Ticket) -> Ticket {
    t.status_token = None;
    t
}

/// Serialised once per change; every subscriber's send clones a reference, not the bytes.
fn json(frame: &ServerFrame) -> Utf8Bytes {
    serde_json::to_string(frame)
        .expect("frames serialise")
        .into()
}

/// The figures of each service, without the per-language texts (see [`ServiceInfo`]).
fn figures(services: &[ServiceInfo]) -> Vec<ServiceInfo> {
    services
        .iter()
        .map(|s| ServiceInfo {
            names: Default::default(),
            descriptions: Default::default(),
            ..s.clone()
        })
        .collect()
}

impl Hub {
    pub fn new() -> Hub {
        Hub::default()
    }

    fn sender(&self, location_id: i64) -> broadcast::Sender<Arc<Published>> {
        if let Some(s) = self.channels.read().expect("hub lock").get(&location_id) {
            return s.clone();
        }
        self.channels
            .write()
            .expect("hub lock")
            .entry(location_id)
            .or_insert_with(|| broadcast::channel(CHANNEL_CAPACITY).0)
            .clone()
    }

    pub fn subscribe(&self, location_id: i64) -> broadcast::Receiver<Arc<Published>> {
        self.sender(location_id).subscribe()
    }

    pub fn publish(&self, mut change: Change) {
        change.services = figures(&change.services);
        let c = &change;
        let display = json(&display_frame(
            c.seq,
            &c.event,
            c.call.as_ref(),
            &c.services,
        ));
        let published = Published {
            seq: c.seq,
            event: c.event.clone(),
            call: c.call.clone(),
            services: c.services.clone(),
            device_id: c.device.as_ref().map(|d| d.id),
            // The kiosk needs what the display needs: which services are open and how busy.
            kiosk: display.clone(),
            display,
            desk: json(&desk_frame(c)),
        };
        // No subscribers is fine: nobody is watching this location right now.
        let _ = self.sender(c.location_id).send(Arc::new(published));
    }

    /// Connected clients of a location (all kinds).
    pub fn subscribers(&self, location_id: i64) -> usize {
        self.channels
            .read()
            .expect("hub lock")
            .get(&location_id)
            .map(|s| s.receiver_count())
            .unwrap_or(0)
    }
}
