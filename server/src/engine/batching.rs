//! Issue batching: the requests for new tickets that arrive while a location's writer is busy
//! wait here, per location, and the writer takes them as one group (see
//! `usecases/issue.rs` for what a group writes, and why).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use onthaal_wire::{Channel, Lang, Ticket};
use tokio::sync::oneshot;

use crate::db::Result;
use crate::engine::Store;

/// A ticket asked for at a kiosk, at a desk, or by an appointment's check-in.
#[derive(Debug, Clone)]
pub struct IssueRequest {
    pub location_id: i64,
    pub service: String,
    pub lang: Lang,
    pub channel: Channel,
    pub priority_reason: Option<String>,
    pub device_id: Option<i64>,
    pub staff_id: Option<i64>,
    /// A kiosk's key for one touch: retries with the same key get the same ticket.
    pub idempotency_key: Option<String>,
    /// Set for the ticket of an appointment's check-in.
    pub arrival: Option<Arrival>,
}

/// The appointment a check-in ticket is for: the visitor waits for their social worker (or
/// the booked room), ordered by the slot start (see `domain/policy.rs`).
#[derive(Debug, Clone)]
pub struct Arrival {
    pub appointment_id: i64,
    /// The slot start (ms): the ticket's place in the queue.
    pub start_at: i64,
    /// The social worker named in the appointment: they get the visitor personally.
    pub assigned_staff: Option<i64>,
    /// The room of a team appointment (with no one named): the visitor waits for that room.
    pub assigned_desk: Option<i64>,
    /// The booked room, kept on the `issued` event.
    pub room: Option<i64>,
}

/// A request waiting for its location's writer, and where its answer goes.
pub(crate) struct PendingIssue {
    pub req: IssueRequest,
    pub now: DateTime<Utc>,
    pub reply: oneshot::Sender<Result<(Ticket, bool)>>,
}

/// The requests waiting for their location's writer.
pub(crate) type IssueQueues = std::sync::Mutex<HashMap<i64, Vec<PendingIssue>>>;

impl Store {
    pub(crate) fn queues(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Vec<PendingIssue>>> {
        // The lock is only held to push or take; nothing in between can leave the map broken.
        self.issue_queues.lock().unwrap_or_else(|e| e.into_inner())
    }
}
