//! Issue batching: the requests for new tickets that arrive while a location's writer is busy
//! wait here, per location, and the writer takes them as one group (see
//! `usecases/issue.rs` for what a group writes, and why).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use onthaal_wire::{Channel, Lang, Ticket};
use tokio::sync::oneshot;

use crate::db::Result;
use crate::engine::Store;

/// A ticket asked for at a kiosk or a desk.
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
