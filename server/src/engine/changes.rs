//! The change a ticket's write publishes: the ticket as clients see it, the call for the
//! waiting room, and every service's figures, taken from the live state under the lock.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use onthaal_wire::Ticket;

use super::hub::Change;
use super::{live_queue, LocationState, Store, WriteTx};
use crate::db::tickets::{position, waiting_counts, TicketRow};
use crate::db::{ms, Result};
use crate::domain::events::EventKind;

/// The published change for a ticket, from figures already known.
pub(crate) fn change_of(
    st: &LocationState,
    t: &TicketRow,
    event: EventKind,
    call: Option<bool>,
    pos: Option<u32>,
    counts: &HashMap<i64, u32>,
    now: DateTime<Utc>,
) -> (Ticket, Change) {
    let ticket = t.to_wire(st, pos, now);
    let services = st.service_infos(counts, now);
    let call = call.and_then(|recall| t.call_view(st, now, recall));
    let change = Change {
        location_id: t.location_id,
        seq: st.seq,
        event: event.as_str().to_string(),
        ticket: Some(ticket.clone()),
        call,
        device: None,
        services,
    };
    (ticket, change)
}

impl Store {
    /// Builds the published change for a ticket just written in `w`.
    pub(crate) async fn change(
        &self,
        w: &mut WriteTx,
        t: &TicketRow,
        event: EventKind,
        call: Option<bool>,
        now: DateTime<Utc>,
    ) -> Result<(Ticket, Change)> {
        w.state.track(t, now);
        // Later changes record the estimates they moved; issuing records its own at issue.
        let moved = w.state.moved_estimates(now, event == EventKind::Issued);
        live_queue::record_estimates(&mut w.tx, &moved, now).await?;
        let pos = position(&mut w.tx, t).await?;
        // The live queue has taken in this change, and every earlier one unless another
        // instance wrote in between: then the database counts.
        let counts = if w.behind {
            waiting_counts(&mut w.tx, t.location_id).await?
        } else {
            w.live_waiting(ms(now)).await?.counts
        };
        Ok(change_of(&w.state, t, event, call, pos, &counts, now))
    }
}
