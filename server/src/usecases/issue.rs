//! Issuing tickets — the one way a ticket is made: at a kiosk, at a desk, and for an
//! appointment's check-in (`appointments.rs`, which calls [`Store::issue_group`] in its own
//! write) — several to one transaction.
//!
//! At a busy entrance several kiosks and desks issue at once. Every ticket needs its location's
//! write lock, and on SQLite (`synchronous = FULL`) every commit waits for the disk, so tickets
//! issued one by one queue for the lock and pay a commit each. Instead, the requests that arrive
//! while the location's writer is busy wait in a queue, and the writer takes them together: one
//! transaction with one read and one write for the whole group, one commit.
//!
//! Each request still gets what it would have got alone, in arrival order: its own number, its
//! place in the queue, its estimate, its event, its published change. A request the rules refuse
//! gets its own error and the others go on. If the group's transaction fails, nothing of it is
//! written and every request is tried again on its own, so one bad request cannot sink others.
//! The waiting requests are kept by the engine (`engine/batching.rs`); the SQL is
//! `db/tickets.rs`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use onthaal_wire::{Channel, Ticket, TicketState};
use rand::Rng;
use tokio::sync::{oneshot, OwnedMutexGuard};

use crate::db::events::NewEvent;
use crate::db::tickets::{self, position, TicketRow};
use crate::db::{ms, Backend, Result, StoreError};
use crate::domain::events::EventKind;
use crate::domain::numbering::{local_day, ticket_number};
use crate::domain::ticket::PRIORITY_REASONS;
use crate::engine::batching::{IssueRequest, PendingIssue};
use crate::engine::changes::change_of;
use crate::engine::hub::Change;
use crate::engine::state::{LocationState, ServiceRow};
use crate::engine::{Store, WriteTx};

/// At most this many requests share a transaction (with 29 parameters each, their statement
/// stays far under SQLite's limit of 32,766).
const MAX_GROUP: usize = 64;

/// Status tokens: 20 characters from an alphabet without look-alikes (~100 bits).
fn status_token() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    (0..20)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// What became of one request of a group.
enum Outcome {
    /// Answered already: refused, or a retry of a touch that has its ticket.
    Done(Result<(Ticket, bool)>),
    /// A new ticket, of this service, with or without priority.
    New { svc: ServiceRow, priority: bool },
    /// The same kiosk touch as an earlier request of the group: it gets that ticket.
    SameAs(usize),
}

impl Store {
    /// Whether a kiosk already has a ticket for this `Idempotency-Key`: the retry of a ticket
    /// it was given is answered with that ticket, even while the kiosk is rate limited.
    pub async fn is_retry(&self, device_id: i64, key: &str) -> Result<bool> {
        tickets::has_idempotency_key(&self.pool, device_id, key).await
    }

    /// Issues a numbered ticket. Returns the ticket and whether it is new (false for a retry
    /// of a kiosk touch that already has its ticket).
    pub async fn issue_ticket(
        &self,
        req: IssueRequest,
        now: DateTime<Utc>,
    ) -> Result<(Ticket, bool)> {
        let location_id = req.location_id;
        self.location_lock(location_id)?;
        let (reply, answer) = oneshot::channel();
        let first = {
            let mut queues = self.queues();
            let queue = queues.entry(location_id).or_default();
            queue.push(PendingIssue { req, now, reply });
            queue.len() == 1
        };
        // The request that finds the queue empty starts a writer; later ones join its queue.
        // The writer is a task of its own so that a kiosk hanging up cannot cancel the group
        // the others wait on.
        if first {
            let store = self.clone();
            tokio::spawn(async move { store.issue_queued(location_id).await });
        }
        answer
            .await
            .map_err(|_| StoreError::Database(sqlx::Error::WorkerCrashed))?
    }

    /// Writes the location's queued requests, a group at a time, until none is left.
    async fn issue_queued(&self, location_id: i64) {
        // Should this writer panic, the requests still queued are answered with an error and the
        // queue is left empty, so that the next request starts a new writer instead of waiting
        // behind a dead one.
        struct OnPanic<'a>(&'a Store, i64);
        impl Drop for OnPanic<'_> {
            fn drop(&mut self) {
                if std::thread::panicking() {
                    self.0.queues().remove(&self.1);
                }
            }
        }
        let _on_panic = OnPanic(self, location_id);
        loop {
            let Ok(lock) = self.location_lock(location_id) else {
                // No such location (any more): the waiting requests get an error, not silence.
                self.queues().remove(&location_id);
                return;
            };
            let state = lock.clone().lock_owned().await;
            let group: Vec<PendingIssue> = {
                let mut queues = self.queues();
                let queue = queues.entry(location_id).or_default();
                let n = queue.len().min(MAX_GROUP);
                queue.drain(..n).collect()
            };
            if group.is_empty() {
                return;
            }
            // The group is issued at the latest of its requests' times: when it is written.
            let now = group.iter().map(|p| p.now).max().unwrap_or_else(Utc::now);
            let reqs: Vec<&IssueRequest> = group.iter().map(|p| &p.req).collect();
            match self.write_group(location_id, state, &reqs, now).await {
                Ok(answers) => {
                    for (p, a) in group.into_iter().zip(answers) {
                        let _ = p.reply.send(a);
                    }
                }
                Err(e) if group.len() == 1 => {
                    if let Some(p) = group.into_iter().next() {
                        let _ = p.reply.send(Err(e));
                    }
                }
                Err(e) => {
                    tracing::warn!(
                        "a group of {} tickets failed ({e}); issuing them one by one",
                        group.len()
                    );
                    for p in group {
                        let state = lock.clone().lock_owned().await;
                        let answer = self
                            .write_group(location_id, state, &[&p.req], p.now)
                            .await
                            .and_then(|mut a| {
                                a.pop()
                                    .unwrap_or_else(|| Err(StoreError::Corrupt("no answer".into())))
                            });
                        let _ = p.reply.send(answer);
                    }
                }
            }
        }
    }

    /// One group in one transaction. If it fails, nothing of it is written, and the live state
    /// is read again before its next use (see [`WriteTx`]).
    async fn write_group(
        &self,
        location_id: i64,
        state: OwnedMutexGuard<LocationState>,
        reqs: &[&IssueRequest],
        now: DateTime<Utc>,
    ) -> Result<Vec<Result<(Ticket, bool)>>> {
        let mut w = self.begin_write_locked(location_id, state, now).await?;
        let (changes, answers) = self.issue_group(&mut w, reqs, now).await?;
        self.commit_and_publish(w, changes).await?;
        Ok(answers)
    }

    /// A group of requests written in `w`: the changes to publish once it commits, and every
    /// request's answer, in order. An appointment's check-in issues its one ticket here too.
    pub(crate) async fn issue_group(
        &self,
        w: &mut WriteTx,
        reqs: &[&IssueRequest],
        now: DateTime<Utc>,
    ) -> Result<(Vec<Change>, Vec<Result<(Ticket, bool)>>)> {
        let location_id = w.state.id;
        let at = ms(now);
        // Every round trip here is made while the location's writers wait, so the group's
        // figures are read in one query before the insert: which touches have their ticket
        // already, each service's last number today, the new tickets' ids, and the location's
        // last `seq`. The waiting counts and places come from the live queue, which has taken
        // in every change under the lock — once it has caught up with another instance's
        // writes, if there were any.
        let day = local_day(now, w.state.tz).format("%Y-%m-%d").to_string();
        let before = read_before(w, self.backend, reqs, &day).await?;
        self.catch_up_in_write(w, before.seq, now).await?;
        let waiting = w.live_waiting(at).await?;
        let outcomes = self.check_requests(w, reqs, &before.touches, now).await?;
        let new: Vec<(usize, ServiceRow, bool)> = outcomes
            .iter()
            .enumerate()
            .filter_map(|(i, o)| match o {
                Outcome::New { svc, priority } => Some((i, svc.clone(), *priority)),
                _ => None,
            })
            .collect();
        if new.is_empty() {
            // Nothing written: committing the transaction ends it at no cost.
            return Ok((Vec::new(), answers(outcomes, &HashMap::new())));
        }
        let ahead_of = places(&new, &waiting.ahead);
        let mut counts = waiting.counts;
        if before.ids.len() < new.len() {
            return Err(StoreError::Corrupt(
                "fewer ticket ids than new tickets".into(),
            ));
        }

        // Numbers go on from each service's counter, read under the location's lock; the ids
        // were reserved by the same read. So every ticket is whole before anything is written,
        // and the counters, the tickets and their events go in with one statement.
        let mut last = before.last;
        let mut rows = Vec::with_capacity(new.len());
        let mut events = Vec::with_capacity(new.len());
        for (k, (i, svc, priority)) in new.iter().enumerate() {
            let req = reqs[*i];
            let arrival = req.arrival.as_ref();
            let n = last.entry(svc.id).or_insert(0);
            *n += 1;
            let t = TicketRow {
                id: before.ids[k],
                location_id,
                service_id: svc.id,
                number: ticket_number(&svc.prefix, *n),
                state: TicketState::Waiting,
                priority: *priority,
                channel: req.channel,
                lang: req.lang,
                status_token: status_token(),
                created_at: at,
                // An appointment's ticket takes its place by the slot start.
                queued_at: arrival.map_or(at, |a| a.start_at),
                called_at: None,
                started_at: None,
                finished_at: None,
                desk_id: None,
                assigned_desk_id: arrival.and_then(|a| a.assigned_desk),
                assigned_staff_id: arrival.and_then(|a| a.assigned_staff),
                transferred_from_id: None,
            };
            // Each ticket joins the live queue before its estimate is taken, in arrival order,
            // so the forecast plays every one with those before it. The estimate at issue (and
            // the naive baseline beside it, to compare their accuracy) is kept in the `issued`
            // event.
            w.state.track(&t, now);
            let ahead = ahead_of[k];
            let data = match arrival {
                None => {
                    let estimate = w.state.ticket_estimate(t.id, svc.id, ahead, now);
                    let naive = w.state.naive_estimate(svc.id, ahead, now);
                    serde_json::json!({ "channel": req.channel.as_str(), "priority_reason": req.priority_reason, "estimate_s": estimate, "naive_estimate_s": naive })
                }
                // A check-in notes every waiting ticket's forecast as recorded (the estimate
                // accuracy counts from there), and its event says which appointment arrived.
                Some(a) => {
                    w.state.moved_estimates(now, true);
                    serde_json::json!({
                        "channel": req.channel.as_str(),
                        "appointment_id": a.appointment_id,
                        "assigned_staff": a.assigned_staff,
                        "assigned_desk": a.assigned_desk,
                        "start_at": a.start_at,
                    })
                }
            };
            events.push(NewEvent {
                ticket_id: Some(t.id),
                kind: EventKind::Issued,
                at: now,
                service_id: Some(svc.id),
                desk_id: arrival.and_then(|a| a.room),
                staff_id: req.staff_id,
                device_id: req.device_id,
                data: Some(data.to_string()),
            });
            rows.push((*i, t, ahead));
        }

        let mut counters: Vec<(i64, i64)> = new
            .iter()
            .map(|(_, svc, _)| (svc.id, last[&svc.id]))
            .collect();
        counters.sort_unstable();
        counters.dedup();
        let new_tickets: Vec<tickets::NewTicket> = rows
            .iter()
            .map(|(i, t, _)| {
                let req = reqs[*i];
                tickets::NewTicket {
                    row: t,
                    priority_reason: req.priority_reason.as_deref(),
                    device_id: req.device_id,
                    idempotency_key: touch_of(req).map(|t| t.key),
                    staff_id: req.staff_id,
                }
            })
            .collect();
        let last_seq = tickets::insert_issued(
            &mut w.tx,
            self.backend,
            location_id,
            &day,
            &counters,
            &new_tickets,
            &events,
        )
        .await?;

        // The changes as each ticket would have published alone: its own `seq`, and the waiting
        // counts with it and those before it.
        let mut changes = Vec::with_capacity(rows.len());
        let mut issued = HashMap::with_capacity(rows.len());
        let first_seq = last_seq + 1 - rows.len() as u64;
        for (k, (i, t, mut ahead)) in rows.into_iter().enumerate() {
            if reqs[i].arrival.is_some() {
                // Placed by its slot start, possibly before visitors who came earlier.
                ahead = position(&mut w.tx, &t).await?.unwrap_or(0);
            }
            w.state.seq = first_seq + k as u64;
            *counts.entry(t.service_id).or_insert(0) += 1;
            let (ticket, change) = change_of(
                &w.state,
                &t,
                EventKind::Issued,
                None,
                Some(ahead),
                &counts,
                now,
            );
            changes.push(change);
            issued.insert(i, ticket);
        }
        w.state.seq = last_seq;
        Ok((changes, answers(outcomes, &issued)))
    }

    /// The group's requests against the rules, in order: the service must exist; a retry of a
    /// kiosk touch gets the ticket it already has (even if the service has closed since); then
    /// the service must take walk-ins (from a kiosk) and be open, and a priority reason must be
    /// one of the fixed ones.
    async fn check_requests(
        &self,
        w: &mut WriteTx,
        reqs: &[&IssueRequest],
        touches: &HashMap<Touch, TicketRow>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Outcome>> {
        let mut first_of_touch: HashMap<Touch, usize> = HashMap::new();
        let mut out = Vec::with_capacity(reqs.len());
        for (i, req) in reqs.iter().enumerate() {
            let Some(svc) = w.state.service_by_key(&req.service).cloned() else {
                out.push(Outcome::Done(Err(StoreError::Rejected {
                    code: "unknown_service",
                    message: format!("there is no service \"{}\" here", req.service),
                })));
                continue;
            };
            let touch = touch_of(req);
            if let Some(touch) = &touch {
                if let Some(t) = touches.get(touch) {
                    let pos = position(&mut w.tx, t).await?;
                    out.push(Outcome::Done(Ok((t.to_wire(&w.state, pos, now), false))));
                    continue;
                }
                if let Some(&j) = first_of_touch.get(touch) {
                    out.push(Outcome::SameAs(j));
                    continue;
                }
            }
            match check_rules(&w.state, req, &svc, now) {
                Ok(priority) => {
                    if let Some(touch) = touch {
                        first_of_touch.insert(touch, i);
                    }
                    out.push(Outcome::New { svc, priority });
                }
                Err(e) => out.push(Outcome::Done(Err(e))),
            }
        }
        Ok(out)
    }
}

/// Whether the service takes this request now; `Ok(priority)`.
fn check_rules(
    st: &LocationState,
    req: &IssueRequest,
    svc: &ServiceRow,
    now: DateTime<Utc>,
) -> Result<bool> {
    if req.channel == Channel::Kiosk && !svc.walk_in {
        return Err(StoreError::Rejected {
            code: "not_walk_in",
            message: format!("{} does not take walk-in tickets", svc.name()),
        });
    }
    // Closed now by staff: no new walk-in or desk ticket until it reopens (an appointment's
    // check-in still gets one, as with closing hours).
    if req.channel != Channel::Appointment {
        if let Some(c) = st.closed_now(svc.id, now) {
            let until = if c.end_of_day {
                "the end of the day".to_string()
            } else {
                c.until.with_timezone(&st.tz).format("%H:%M").to_string()
            };
            return Err(StoreError::Conflict {
                code: "service_closed",
                message: format!("{} is closed until {until} ({})", svc.name(), c.reason),
            });
        }
    }
    if req.channel != Channel::Appointment && !svc.schedule.is_open(now, st.tz) {
        let when = svc
            .schedule
            .next_opening(now, st.tz, 28)
            .map(|t| {
                format!(
                    "; it opens again on {}",
                    t.with_timezone(&st.tz).format("%d/%m/%Y at %H:%M")
                )
            })
            .unwrap_or_default();
        return Err(StoreError::Conflict {
            code: "service_closed",
            message: format!("{} is closed now{when}", svc.name()),
        });
    }
    match req.priority_reason.as_deref() {
        None => Ok(false),
        Some(r) if PRIORITY_REASONS.contains(&r) => Ok(true),
        Some(r) => Err(StoreError::Rejected {
            code: "invalid_priority_reason",
            message: format!(
                "\"{r}\" is not a priority reason; use one of {}",
                PRIORITY_REASONS.join(", ")
            ),
        }),
    }
}

/// What the group's transaction reads before it writes.
struct Before {
    /// The `seq` of the location's last committed event: whether the live state (and with it
    /// the waiting counts and the forecast) is up to date.
    seq: u64,
    /// The tickets the group's touches have already.
    touches: HashMap<Touch, TicketRow>,
    /// Per service: the last number it gave today (none yet: absent).
    last: HashMap<i64, i64>,
    /// Ids for the group's new tickets, one per request, increasing.
    ids: Vec<i64>,
}

/// One action of a client that sent an `Idempotency-Key`: a kiosk's touch, or a desk's click. A
/// retry of it gets the ticket it made instead of a second one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Touch {
    /// The kiosk; none for a desk.
    device: Option<i64>,
    /// The key as stored with the ticket: a kiosk's as sent, a desk's prefixed with the staff
    /// member (`staff:ID:KEY`), so two colleagues' keys never meet. The ticket's own `staff_id`
    /// cannot tell, as it changes to whoever calls the ticket.
    key: String,
}

/// The touch of a request, if its client sent a key.
fn touch_of(req: &IssueRequest) -> Option<Touch> {
    let key = req.idempotency_key.as_deref()?;
    match (req.device_id, req.staff_id) {
        (Some(device), _) => Some(Touch {
            device: Some(device),
            key: key.to_string(),
        }),
        (None, Some(staff)) => Some(Touch {
            device: None,
            key: staff_key(staff, key),
        }),
        (None, None) => None,
    }
}

/// How a staff member's key is stored with the ticket (see [`Touch`]).
fn staff_key(staff: i64, key: &str) -> String {
    format!("staff:{staff}:{key}")
}

/// The group's figures (see [`Before`]): one query, and a second only when a touch is retried.
async fn read_before(
    w: &mut WriteTx,
    backend: Backend,
    reqs: &[&IssueRequest],
    day: &str,
) -> Result<Before> {
    let touches: Vec<Touch> = reqs.iter().filter_map(|r| touch_of(r)).collect();
    let keys: Vec<(Option<i64>, &str)> =
        touches.iter().map(|t| (t.device, t.key.as_str())).collect();
    let figures =
        tickets::issue_figures(&mut w.tx, backend, w.state.id, day, reqs.len(), &keys).await?;
    let mut before = Before {
        seq: figures.seq.unwrap_or(w.state.seq),
        touches: HashMap::new(),
        last: figures.last,
        ids: figures.ids,
    };
    for (t, device, key) in tickets::with_touch(&mut w.tx, &figures.touched).await? {
        before.touches.insert(Touch { device, key }, t);
    }
    Ok(before)
}

/// Each new ticket's place: those ahead of it before the group, and the group's earlier new
/// tickets of its service with at least its priority.
fn places(new: &[(usize, ServiceRow, bool)], before: &HashMap<(i64, bool), u32>) -> Vec<u32> {
    new.iter()
        .enumerate()
        .map(|(k, (_, svc, priority))| {
            let in_group = new[..k]
                .iter()
                .filter(|(_, s, p)| s.id == svc.id && (*p || !*priority))
                .count() as u32;
            before.get(&(svc.id, *priority)).copied().unwrap_or(0) + in_group
        })
        .collect()
}

/// Every request's answer, in order, once the new tickets are committed.
fn answers(outcomes: Vec<Outcome>, issued: &HashMap<usize, Ticket>) -> Vec<Result<(Ticket, bool)>> {
    outcomes
        .into_iter()
        .enumerate()
        .map(|(i, o)| match o {
            Outcome::Done(answer) => answer,
            Outcome::New { .. } => issued
                .get(&i)
                .cloned()
                .map(|t| (t, true))
                .ok_or_else(|| StoreError::Corrupt("a new ticket has no answer".into())),
            Outcome::SameAs(j) => issued
                .get(&j)
                .cloned()
                .map(|t| (t, false))
                .ok_or_else(|| StoreError::Corrupt("a repeated touch has no ticket".into())),
        })
        .collect()
}
