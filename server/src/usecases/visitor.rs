//! What the visitor does from their phone, with nothing but the ticket's status token as key:
//! find where the ticket lives (to follow its location's changes live), and leave the queue
//! ("I'm leaving"), which frees their place for everyone behind them.

use chrono::{DateTime, Utc};
use onthaal_wire::TicketState;

use crate::db::events;
use crate::db::tickets::{self, ticket_by_id};
use crate::db::{ms, Result, StoreError};
use crate::domain::events::EventKind;
use crate::domain::ticket::{next_state, Action};
use crate::engine::Store;

impl Store {
    /// The location and id of the ticket with this status token.
    pub async fn ticket_of_token(&self, token: &str) -> Result<(i64, i64)> {
        tickets::locate_by_status_token(&self.pool, token).await
    }

    /// True when the ticket's last event is the visitor leaving the queue.
    pub async fn visitor_left(&self, ticket_id: i64) -> Result<bool> {
        let kind = events::last_kind_of_ticket(&self.pool, ticket_id).await?;
        Ok(kind.as_deref() == Some(EventKind::Left.as_str()))
    }

    /// "I'm leaving": cancels a waiting ticket, or one called but not yet being helped, in one
    /// write transaction with its event, and publishes the change so displays, desks and the
    /// other visitors' phones move up at once. Returns `true` when the ticket was already
    /// cancelled (a second press, or staff were quicker): nothing changes then.
    /// A visit that has started or ended cannot be left: `409`.
    pub async fn leave_queue(&self, token: &str, now: DateTime<Utc>) -> Result<bool> {
        let (location_id, ticket_id) = self.ticket_of_token(token).await?;
        let mut w = self.begin_write(location_id, now).await?;
        let t = ticket_by_id(&mut w.tx, ticket_id).await?;
        match t.state {
            TicketState::Cancelled => {
                w.end_unwritten();
                return Ok(true);
            }
            TicketState::Serving => {
                return Err(StoreError::Conflict {
                    code: "visit_started",
                    message: format!(
                        "{} is being helped already; the visit can no longer be cancelled from the phone",
                        t.number
                    ),
                })
            }
            TicketState::Done | TicketState::NoShow => {
                return Err(StoreError::Conflict {
                    code: "visit_ended",
                    message: format!("the visit of {} has ended already", t.number),
                })
            }
            TicketState::Waiting | TicketState::Called => {}
        }
        let to = next_state(t.state, Action::Cancel).map_err(|e| StoreError::Conflict {
            code: "invalid_transition",
            message: e.to_string(),
        })?;
        tickets::set_state_after(&mut w.tx, ticket_id, Action::Cancel, to, None, ms(now)).await?;
        crate::usecases::appointments::follow_ticket(&mut w, &t, to).await?;
        Store::write_event(
            &mut w,
            location_id,
            Some(ticket_id),
            EventKind::Left,
            now,
            Some(t.service_id),
            t.desk_id,
            None,
            None,
            None,
        )
        .await?;
        let t = ticket_by_id(&mut w.tx, ticket_id).await?;
        let (_, change) = self.change(&mut w, &t, EventKind::Left, None, now).await?;
        self.commit_and_publish(w, Some(change)).await?;
        Ok(false)
    }
}
