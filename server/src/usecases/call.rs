//! Calling and what follows: call-next (which visitor, by `domain/policy.rs`), calling a
//! chosen ticket, recall, start, finish, no-show, cancel, return to the queue, and transfers.
//! Issuing is in `issue.rs`.
//!
//! Each operation is one write transaction on the ticket's location: it checks the rule in the
//! domain core, changes the ticket, writes the event row, and publishes the change after
//! commit (see [`Store::commit_and_publish`]).

use chrono::{DateTime, Utc};
use onthaal_wire::{Channel, Ticket, TicketState, TicketStatus};

use std::collections::HashMap;

use crate::db::tickets::{self, position, ticket_by_id, TicketRow};
use crate::db::{ms, Result, StoreError};
use crate::domain::events::EventKind;
use crate::domain::policy::{pick_next, Candidate};
use crate::domain::ticket::{next_state, Action};
use crate::engine::hub::Change;
use crate::engine::{Store, WriteTx};

#[derive(Debug, Clone, Default)]
pub struct TransferTarget {
    pub service: Option<String>,
    pub desk: Option<i64>,
    pub staff: Option<i64>,
    pub reason: Option<String>,
}

impl Store {
    pub async fn location_of_ticket(&self, ticket_id: i64) -> Result<i64> {
        tickets::location_of(&self.pool, ticket_id).await
    }

    fn check_desk(w: &WriteTx, desk_id: i64) -> Result<()> {
        if w.state.desk(desk_id).is_none() {
            return Err(StoreError::NotFound(format!("desk {desk_id}")));
        }
        Ok(())
    }

    /// Calls the next visitor for a desk by the policy in [`crate::domain::policy`];
    /// `None` when nobody waits for it.
    pub async fn call_next(
        &self,
        location_id: i64,
        desk_id: i64,
        staff_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Option<Ticket>> {
        let mut w = self.begin_write(location_id, now).await?;
        Self::check_desk(&w, desk_id)?;
        let desk = w.state.desk(desk_id).cloned().expect("checked");
        let found =
            tickets::call_candidates(&mut w.tx, location_id, desk_id, &desk.services, staff_id)
                .await?;
        let mut personal = Vec::new();
        let mut heads: HashMap<i64, Candidate> = HashMap::new();
        for r in found {
            let service_id = r.service_id;
            let c = Candidate {
                ticket_id: r.id,
                priority: r.priority,
                personal: r.personal,
                queued_at_ms: r.queued_at,
                target_wait_s: w
                    .state
                    .service(service_id)
                    .map(|s| s.target_wait_s)
                    .unwrap_or(1200),
                appointment: r.channel == Channel::Appointment.as_str(),
            };
            if c.personal {
                personal.push(c);
            } else if heads
                .get(&service_id)
                .is_none_or(|h| c.priority && !h.priority)
            {
                heads.insert(service_id, c);
            }
        }
        // In the order they were always offered: the desk's services, then the personal ones.
        let mut candidates: Vec<Candidate> = desk
            .services
            .iter()
            .filter_map(|s| heads.remove(s))
            .collect();
        candidates.extend(personal);
        let Some(id) = pick_next(&candidates, ms(now)) else {
            // Nobody to call, but the desk is working: the forecast counts it as ready.
            w.state.live.desk_idle(desk_id, staff_id, ms(now));
            w.end_unwritten();
            return Ok(None);
        };
        let ticket = self.do_call(w, id, desk_id, staff_id, now).await?;
        Ok(Some(ticket))
    }

    /// Calls a chosen waiting ticket to a desk, out of order.
    pub async fn call_ticket(
        &self,
        ticket_id: i64,
        desk_id: i64,
        staff_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Ticket> {
        let location_id = self.location_of_ticket(ticket_id).await?;
        let w = self.begin_write(location_id, now).await?;
        Self::check_desk(&w, desk_id)?;
        self.do_call(w, ticket_id, desk_id, staff_id, now).await
    }

    async fn do_call(
        &self,
        mut w: WriteTx,
        ticket_id: i64,
        desk_id: i64,
        staff_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Ticket> {
        let t = ticket_by_id(&mut w.tx, ticket_id).await?;
        next_state(t.state, Action::Call).map_err(conflict)?;
        tickets::set_called(&mut w.tx, ticket_id, desk_id, staff_id, ms(now)).await?;
        Store::write_event(
            &mut w,
            t.location_id,
            Some(ticket_id),
            EventKind::Called,
            now,
            Some(t.service_id),
            Some(desk_id),
            staff_id,
            None,
            None,
        )
        .await?;
        w.state.desk_last_call.insert(desk_id, ms(now));
        w.state.live.staff_at(desk_id, staff_id);
        crate::usecases::appointments::follow_ticket(&mut w, &t, TicketState::Called).await?;
        // The row as just written, without reading it back.
        let t = TicketRow {
            state: TicketState::Called,
            called_at: Some(ms(now)),
            desk_id: Some(desk_id),
            ..t
        };
        let (ticket, change) = self
            .change(&mut w, &t, EventKind::Called, Some(false), now)
            .await?;
        self.commit_and_publish(w, Some(change)).await?;
        Ok(ticket)
    }

    /// Recall, start, finish, no-show, cancel or return-to-queue.
    pub async fn act(
        &self,
        ticket_id: i64,
        action: Action,
        staff_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Ticket> {
        debug_assert!(!matches!(action, Action::Call | Action::Transfer));
        let location_id = self.location_of_ticket(ticket_id).await?;
        let mut w = self.begin_write(location_id, now).await?;
        let t = ticket_by_id(&mut w.tx, ticket_id).await?;
        let to = next_state(t.state, action).map_err(conflict)?;
        let at = ms(now);
        if action == Action::Return && t.state == TicketState::NoShow {
            let since = t.finished_at.unwrap_or(at);
            if !crate::domain::triage::no_show_may_return(since, at, w.state.no_show_grace_s) {
                return Err(StoreError::Conflict {
                    code: "no_show_grace_passed",
                    message: format!(
                        "{} was marked as no-show more than {} minutes ago; give the visitor a new ticket",
                        t.number,
                        w.state.no_show_grace_s / 60
                    ),
                });
            }
        }
        tickets::set_state_after(&mut w.tx, ticket_id, action, to, staff_id, at).await?;
        crate::usecases::appointments::follow_ticket(&mut w, &t, to).await?;
        if action == Action::Finish {
            if let Some(started) = t.started_at {
                w.state.record_duration(t.service_id, (at - started) / 1000);
            }
        }
        if action == Action::Recall {
            if let Some(d) = t.desk_id {
                w.state.desk_last_call.insert(d, at);
            }
        }
        Store::write_event(
            &mut w,
            location_id,
            Some(ticket_id),
            action.event_kind(),
            now,
            Some(t.service_id),
            t.desk_id,
            staff_id,
            None,
            None,
        )
        .await?;
        // The row as just written, without reading it back.
        let t = match action {
            Action::Start => TicketRow {
                state: to,
                started_at: Some(at),
                ..t
            },
            Action::Finish | Action::NoShow | Action::Cancel => TicketRow {
                state: to,
                finished_at: Some(at),
                ..t
            },
            Action::Return => TicketRow {
                state: to,
                desk_id: None,
                called_at: None,
                finished_at: None,
                ..t
            },
            _ => TicketRow { state: to, ..t },
        };
        let call = (action == Action::Recall).then_some(true);
        let (ticket, change) = self
            .change(&mut w, &t, action.event_kind(), call, now)
            .await?;
        self.commit_and_publish(w, Some(change)).await?;
        Ok(ticket)
    }

    /// Sends a visitor to another service, desk or staff member. The visitor keeps their
    /// number and their original arrival time.
    pub async fn transfer(
        &self,
        ticket_id: i64,
        target: TransferTarget,
        staff_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Ticket> {
        let location_id = self.location_of_ticket(ticket_id).await?;
        let mut w = self.begin_write(location_id, now).await?;
        let t = ticket_by_id(&mut w.tx, ticket_id).await?;
        let (ticket, change) = self.transfer_in(&mut w, &t, &target, staff_id, now).await?;
        self.commit_and_publish(w, Some(change)).await?;
        Ok(ticket)
    }

    /// The transfer inside a write transaction (also used by an internal triage referral).
    pub(crate) async fn transfer_in(
        &self,
        w: &mut WriteTx,
        t: &TicketRow,
        target: &TransferTarget,
        staff_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<(Ticket, Change)> {
        if target.service.is_none() && target.desk.is_none() && target.staff.is_none() {
            return Err(StoreError::Rejected {
                code: "empty_transfer",
                message: "a transfer needs a service, a desk or a staff member".into(),
            });
        }
        next_state(t.state, Action::Transfer).map_err(conflict)?;
        let service_id =
            match &target.service {
                None => t.service_id,
                Some(key) => w.state.service_by_key(key).map(|s| s.id).ok_or_else(|| {
                    StoreError::Rejected {
                        code: "unknown_service",
                        message: format!("there is no service \"{key}\" here"),
                    }
                })?,
            };
        if let Some(d) = target.desk {
            if w.state.desk(d).is_none() {
                return Err(StoreError::Rejected {
                    code: "unknown_desk",
                    message: format!("there is no desk {d} here"),
                });
            }
        }
        if let Some(s) = target.staff {
            if !crate::db::staff::is_active(&mut w.tx, s).await? {
                return Err(StoreError::Rejected {
                    code: "unknown_staff",
                    message: format!("there is no staff member {s}"),
                });
            }
        }
        let from = (service_id != t.service_id)
            .then_some(t.service_id)
            .or(t.transferred_from_id);
        // The receiving service decides whether a transferred visitor keeps their place.
        let keeps = service_id == t.service_id
            || w.state
                .service(service_id)
                .is_none_or(|s| s.transfer_keeps_arrival);
        let queued_at = if keeps { t.queued_at } else { ms(now) };
        let to = tickets::Transferred {
            service_id,
            transferred_from_id: from,
            assigned_desk_id: target.desk,
            assigned_staff_id: target.staff,
            queued_at,
        };
        tickets::set_transferred(&mut w.tx, t.id, &to).await?;
        let data = serde_json::json!({
            "from_service": w.state.service(t.service_id).map(|s| s.key.clone()),
            "to_service": w.state.service(service_id).map(|s| s.key.clone()),
            "to_desk": target.desk, "to_staff": target.staff, "reason": target.reason,
        });
        Store::write_event(
            w,
            t.location_id,
            Some(t.id),
            EventKind::Transferred,
            now,
            Some(service_id),
            t.desk_id,
            staff_id,
            None,
            Some(data.to_string()),
        )
        .await?;
        let t = ticket_by_id(&mut w.tx, t.id).await?;
        self.change(w, &t, EventKind::Transferred, None, now).await
    }

    /// A ticket by id, as staff see it.
    pub async fn ticket(&self, ticket_id: i64, now: DateTime<Utc>) -> Result<Ticket> {
        let mut conn = self.pool.acquire().await?;
        let t = ticket_by_id(&mut conn, ticket_id).await?;
        let st = self.location_state(t.location_id).await?;
        let pos = position(&mut conn, &t).await?;
        Ok(t.to_wire(&st, pos, now))
    }

    /// A ticket's public status by its token: number, state, position, estimate, desk.
    pub async fn status(&self, token: &str, now: DateTime<Utc>) -> Result<TicketStatus> {
        let mut conn = self.pool.acquire().await?;
        let t = tickets::by_status_token(&mut conn, token).await?;
        let st = self.location_state(t.location_id).await?;
        let pos = position(&mut conn, &t).await?;
        let w = t.to_wire(&st, pos, now);
        let service = st.service(t.service_id);
        Ok(TicketStatus {
            number: w.number,
            service: w.service,
            service_name: service
                .map(|s| s.name_in(t.lang).to_string())
                .unwrap_or_default(),
            state: w.state,
            position: w.position,
            estimated_wait_s: w.estimated_wait_s,
            desk: if matches!(t.state, TicketState::Called | TicketState::Serving) {
                w.desk
            } else {
                None
            },
            lang: t.lang,
            // Only a waiting visitor is told: one already called goes to the desk all the same.
            service_closed: if t.state == TicketState::Waiting {
                st.closed_now(t.service_id, now)
            } else {
                None
            },
        })
    }
}

fn conflict(e: crate::domain::ticket::IllegalTransition) -> StoreError {
    StoreError::Conflict {
        code: "invalid_transition",
        message: e.to_string(),
    }
}
